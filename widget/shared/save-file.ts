/**
 * Hands `text` to the browser as a download named `name`, without leaving the page: the answer came
 * with a bearer token in a header, so there is no URL the browser could fetch itself.
 */
export function saveFile(root: ParentNode, name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  // Some browsers read the blob after click() returns: let them before it is freed.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
