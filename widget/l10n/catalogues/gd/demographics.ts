/** Scottish Gaelic: the form's optional questions about the author (see en/demographics.ts). */
export default {
  'form.demo': 'Mu do dheidhinn (roghainneil)',
  'form.demo.hint':
    'Tha sinn a’ faighneachd seo gus am faic an NHS a bheil droch eòlas nas motha aig cuid de bhuidhnean dhaoine air cùram. Cha tèid na freagairtean agad a shealltainn gu bràth le do sgeulachd no do dhuine sam bith a leughas i: cha tèid ach an cunntadh, agus cha tèid buidheann de 10 sgeulachdan no nas lugha a shealltainn idir. Freagair na tha thu ag iarraidh a-mhàin. Le bhith a’ freagairt, tha thu ag aontachadh gun cleachd sinn na freagairtean agad mar seo; ma sguabas tu às do sgeulachd, thèid iad às cuideachd.',
  'form.demo.ageBand': 'Aois',
  'form.demo.ageBand.options':
    'Fo 16|16 gu 24|25 gu 34|35 gu 44|45 gu 54|55 gu 64|65 gu 74|75 no nas sine|B’ fheàrr leam gun a ràdh',
  'form.demo.sex': 'Gnè',
  'form.demo.sex.options': 'Boireann|Fireann|B’ fheàrr leam gun a ràdh',
  'form.demo.ethnicity': 'Buidheann cinnidh',
  'form.demo.ethnicity.options':
    'Geal|Buidhnean cinnidh measgaichte no iomadach|Àisianach, Àisianach Albannach no Àisianach Breatannach|Afraganach, Afraganach Albannach no Afraganach Breatannach|Caraibianach no Dubh|Buidheann cinnidh eile|B’ fheàrr leam gun a ràdh',
  'form.demo.disability': 'A bheil ciorram no tinneas fad-ùine ort?',
  'form.demo.disability.options': 'Tha|Chan eil|B’ fheàrr leam gun a ràdh',
  'form.err.demographics': 'Tagh tè de na freagairtean a tha air an tairgsinn, no fàg i gun fhreagairt',
};
