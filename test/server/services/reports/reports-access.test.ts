import { expect } from 'chai';
import { createAccount, type TestAccount } from '../../../support/accounts.js';
import { callApi } from '../../../support/api.js';
import { startTestApp, type TestApp } from '../../../support/app.js';
import {
  privateMarkers,
  reportBoard,
  reportDepartment,
  reportHospitalAyr,
  reportPeriod,
  seedReportDataset,
} from '../../../support/report-dataset.js';
import { loadScotlandServices } from '../../../support/stories.js';

const query = `from=${reportPeriod.from}&to=${reportPeriod.to}`;

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (char === '"' || char === '\n' || char === '\r')
      throw new Error(`bare ${JSON.stringify(char)} at ${i}`);
    else field += char;
  }
  if (quoted || field !== '' || record.length > 0) throw new Error('the last record is not ended by CRLF');
  return records;
}

describe('reports: who may read them, and the CSV', function () {
  this.timeout(20_000);
  let app: TestApp;
  const accounts: Record<string, TestAccount> = {};

  before(async () => {
    app = await startTestApp();
    await loadScotlandServices(app);
    await seedReportDataset(app);
    accounts.admin = await createAccount(app, { role: 'admin' });
    accounts.moderator = await createAccount(app, { role: 'moderator' });
    accounts.staffIn = await createAccount(app, { role: 'staff', services: [reportBoard] });
    accounts.staffBelow = await createAccount(app, { role: 'staff', services: [reportDepartment] });
    accounts.staffOut = await createAccount(app, { role: 'staff', services: ['borders-general-hospital'] });
    accounts.stakeholder = await createAccount(app, {
      role: 'stakeholder',
      constituency: 'Ayr, Carrick and Cumnock',
    });
  });
  after(() => app.close());

  const report = (service: string, as?: TestAccount, extra = '') =>
    callApi(app, 'GET', `/reports/services/${service}?${query}${extra}`, as ? { as } : {});

  it('asks anonymous callers to sign in', async () => {
    const answer = await report(reportBoard);
    expect(answer.status).to.equal(401);
    expect(answer.headers.get('www-authenticate')).to.match(/^Bearer/);
  });

  it('lets admins, moderators and staff of the service read it', async () => {
    for (const who of ['admin', 'moderator', 'staffIn']) {
      expect((await report(reportBoard, accounts[who])).status, who).to.equal(200);
    }
  });

  it('refuses staff of a service below it, and of another board', async () => {
    expect((await report(reportBoard, accounts.staffBelow)).status).to.equal(403);
    expect((await report(reportBoard, accounts.staffOut)).status).to.equal(403);
  });

  it('lets staff read the report on a service below theirs', async () => {
    expect((await report(reportDepartment, accounts.staffIn)).status).to.equal(200);
  });

  it('lets a stakeholder read a service in their constituency, without criticality', async () => {
    const answer = await report(reportHospitalAyr, accounts.stakeholder);
    expect(answer.status).to.equal(200);
    expect(answer.body).to.not.have.property('criticality');
    expect(answer.body.totals.stories).to.equal(3);
  });

  it('refuses a stakeholder a service outside their constituency', async () => {
    expect((await report(reportBoard, accounts.stakeholder)).status).to.equal(403);
  });

  it('answers 404 for a service that does not exist', async () => {
    expect((await report('no-such-service', accounts.admin)).status).to.equal(404);
  });

  it('downloads the stories behind the figures as a CSV attachment', async () => {
    const answer = await report(reportBoard, accounts.staffIn, '&format=csv');
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.match(/^text\/csv; charset=utf-8/);
    expect(answer.headers.get('content-disposition')).to.match(/^attachment; filename="careloop-report-/);
    const [header, ...rows] = parseCsv(answer.text);
    expect(header).to.include.members([
      'id',
      'publishedAt',
      'title',
      'authorRole',
      'criticality',
      'progress',
    ]);
    expect(rows).to.have.length(12);
    expect(rows.every((row) => row.length === header!.length)).to.equal(true);
  });

  it('keeps every private field out of the CSV', async () => {
    const answer = await report(reportBoard, accounts.admin, '&format=csv');
    for (const value of Object.values(privateMarkers)) expect(answer.text).to.not.include(value);
    expect(parseCsv(answer.text)[0]).to.not.include.members(['email', 'postcode', 'authorKeyHash']);
  });

  it('keeps text as written but never as a spreadsheet formula', async () => {
    const [header, first] = parseCsv((await report(reportBoard, accounts.admin, '&format=csv')).text);
    const column = (name: string) => first![header!.indexOf(name)];
    expect(column('body')).to.equal(
      `'=HYPERLINK("https://example.org") said the sign, and "quotes", commas, and\nnew lines.`,
    );
    expect(column('nickname')).to.equal("'@nickname");
  });

  it('gives stakeholders the public columns only', async () => {
    const [header] = parseCsv((await report(reportHospitalAyr, accounts.stakeholder, '&format=csv')).text);
    expect(header).to.not.include.members(['criticality', 'progress']);
  });
});
