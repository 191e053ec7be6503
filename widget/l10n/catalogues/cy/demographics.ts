/** Welsh: the form's optional questions about the author (see en/demographics.ts). */
export default {
  'form.demo': 'Amdanoch chi (dewisol)',
  'form.demo.hint':
    'Rydym yn gofyn er mwyn i’r GIG weld a yw rhai grwpiau o bobl yn cael profiad gwaeth o ofal. Ni chaiff eich atebion byth eu dangos gyda’ch stori na i unrhyw un sy’n ei darllen: dim ond eu cyfrif a wneir, ac ni chaiff grŵp o 10 stori neu lai byth ei ddangos. Atebwch dim ond yr hyn a fynnwch. Drwy ateb, rydych yn cytuno i ni ddefnyddio’ch atebion fel hyn; mae dileu’ch stori yn eu dileu.',
  'form.demo.ageBand': 'Oedran',
  'form.demo.ageBand.options':
    'Dan 16|16 i 24|25 i 34|35 i 44|45 i 54|55 i 64|65 i 74|75 neu hŷn|Gwell gennyf beidio â dweud',
  'form.demo.sex': 'Rhyw',
  'form.demo.sex.options': 'Benyw|Gwryw|Gwell gennyf beidio â dweud',
  'form.demo.ethnicity': 'Grŵp ethnig',
  'form.demo.ethnicity.options':
    'Gwyn|Grwpiau ethnig cymysg neu luosog|Asiaidd, Asiaidd Albanaidd neu Asiaidd Prydeinig|Affricanaidd, Affricanaidd Albanaidd neu Affricanaidd Prydeinig|Caribïaidd neu Ddu|Grŵp ethnig arall|Gwell gennyf beidio â dweud',
  'form.demo.disability': 'Oes gennych anabledd neu gyflwr iechyd hirdymor?',
  'form.demo.disability.options': 'Oes|Nac oes|Gwell gennyf beidio â dweud',
  'form.err.demographics': 'Dewiswch un o’r atebion a gynigir, neu gadewch hi heb ei hateb',
};
