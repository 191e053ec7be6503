/**
 * The form's optional questions about the author (English, the source). They travel with the form's own
 * chunk (careloop-form.ts adds them), not the public bundle. `*.options` are the answers, separated by
 * `|`, in the order of `demographicAnswers` in widget/api/submission.ts.
 */
export default {
  'form.demo': 'About you (optional)',
  'form.demo.hint':
    'We ask so the NHS can see whether some groups of people have a worse experience of care. Your answers are never shown with your story or to anyone reading it: they are only counted, and a group of 10 stories or fewer is never shown. Answer only what you want to. By answering, you agree to us using your answers this way; deleting your story deletes them.',
  'form.demo.ageBand': 'Age',
  'form.demo.ageBand.options':
    'Under 16|16 to 24|25 to 34|35 to 44|45 to 54|55 to 64|65 to 74|75 or over|Prefer not to say',
  'form.demo.sex': 'Sex',
  'form.demo.sex.options': 'Female|Male|Prefer not to say',
  'form.demo.ethnicity': 'Ethnic group',
  'form.demo.ethnicity.options':
    'White|Mixed or multiple ethnic groups|Asian, Scottish Asian or British Asian|African, Scottish African or British African|Caribbean or Black|Other ethnic group|Prefer not to say',
  'form.demo.disability': 'Do you have a disability or a long-term health condition?',
  'form.demo.disability.options': 'Yes|No|Prefer not to say',
  'form.err.demographics': 'Choose one of the answers offered, or leave it unanswered',
};
