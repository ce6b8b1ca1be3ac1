import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, eventually, type TestRuntime } from '../support/runtime.ts';
import { autumnAidDetails, decide, untilStatus } from '../support/applications.ts';
import { pdfBytes, readyDocument, uploadDocument } from '../support/documents.ts';
import { residentId } from '../support/id-numbers.ts';
import { testDay } from '../support/calendar.ts';

const DAY = 86_400;

describe('documents as photos and files', () => {
  let runtime: TestRuntime;
  let serial = 300;

  const childId = () => residentId('420106', '2008-05-05', String((serial += 1)));
  const apply = async (sub = 'w-zhang-wei') => {
    const letter = await readyDocument(runtime, sub, 'autumn-aid', 'admission-letter');
    const submitted = await runtime.request('POST', '/applications', {
      token: await runtime.tokenOf(sub),
      body: { program: 'autumn-aid', details: { ...autumnAidDetails({ childId: childId() }), attachments: [{ kind: 'admission-letter', documentId: letter, name: '录取通知书.png' }] } },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    await untilStatus(runtime, sub, submitted.body.id, 'PENDING_APPROVAL');
    return submitted.body.id as string;
  };
  const documentsAs = async (sub: string, id: string) => runtime.request('GET', `/applications/${id}/documents`, { token: await runtime.tokenOf(sub) });
  const review = async (sub: string, id: string, reviews: unknown[]) => runtime.request('POST', `/applications/${id}/document-review`, { token: await runtime.tokenOf(sub), body: { reviews } });

  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('takes photos and PDFs through presigned URLs and recognises them by their bytes', async () => {
    const png = await uploadDocument(runtime, 'w-zhang-wei', { program: 'autumn-aid', kind: 'admission-letter' });
    expect(png.check.status).toBe(200);
    expect(png.check.body).toMatchObject({ status: 'READY', contentType: 'image/png' });
    const pdf = await uploadDocument(runtime, 'w-zhang-wei', { program: 'autumn-aid', kind: 'hardship-proof', bytes: pdfBytes(), contentType: 'application/pdf' });
    expect(pdf.check.body).toMatchObject({ status: 'READY', contentType: 'application/pdf' });
    // The size recorded is the stored file's whole size, though only its first bytes are read.
    const longer = Buffer.concat([pdfBytes(), Buffer.alloc(40_000, 0x20)]);
    const scan = await uploadDocument(runtime, 'w-zhang-wei', { program: 'autumn-aid', kind: 'hardship-proof', bytes: longer, contentType: 'application/pdf' });
    expect(scan.check.body).toMatchObject({ status: 'READY', size: longer.length });

    // A program of another name sent as a photo: refused by its bytes, with what is accepted, and deleted.
    const disguised = await uploadDocument(runtime, 'w-zhang-wei', { program: 'autumn-aid', kind: 'other', bytes: Buffer.from('MZ\x90\x00 this is a Windows program, not a photo'), contentType: 'image/jpeg' });
    expect(disguised.check.status).toBe(400);
    expect(disguised.check.body.error.message).toContain('JPEG、PNG、HEIC/HEIF、WebP');
    expect(disguised.check.body.error.fields[0].path).toBe('file');

    const token = await runtime.tokenOf('w-zhang-wei');
    const notSent = await runtime.request('POST', '/documents', { token, body: { program: 'autumn-aid', kind: 'other', name: 'a.png', contentType: 'image/png', size: 1000 } });
    const early = await runtime.request('POST', `/documents/${notSent.body.id}/check`, { token });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('尚未上传');
    const tooLarge = await runtime.request('POST', '/documents', { token, body: { program: 'autumn-aid', kind: 'other', name: 'big.jpg', contentType: 'image/jpeg', size: 11 * 1024 * 1024 } });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.error.fields.map((field: { path: string }) => field.path)).toEqual(['size']);
    const wrongType = await runtime.request('POST', '/documents', { token, body: { program: 'autumn-aid', kind: 'other', name: 'a.docx', contentType: 'application/msword', size: 1000 } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.fields[0].message).toContain('PDF');
    const wrongKind = await runtime.request('POST', '/documents', { token, body: { program: 'autumn-aid', kind: 'diagnosis', name: 'a.png', contentType: 'image/png', size: 1000 } });
    expect(wrongKind.body.error.fields[0].path).toBe('kind');

    // The signed URL is for that length: S3 (and the local server) store what was sent, and the check reads the stored size.
    expect((await runtime.request('DELETE', `/documents/${pdf.id}`, { token })).status).toBe(200);
    expect((await runtime.request('POST', `/documents/${pdf.id}/check`, { token })).status).toBe(404);
    // Another worker can neither check nor remove one's upload.
    expect((await runtime.request('DELETE', `/documents/${png.id}`, { token: await runtime.tokenOf('w-li-na') })).status).toBe(404);
  });

  it('refuses a submit without a required kind, or with a document that is not the worker’s own, as field errors', async () => {
    const token = await runtime.tokenOf('w-zhang-wei');
    const none = await runtime.request('POST', '/applications', { token, body: { program: 'autumn-aid', details: { ...autumnAidDetails({ childId: childId() }), attachments: [] } } });
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toEqual([{ path: 'details.attachments', message: '请上传录取通知书（必需的材料）' }]);
    const hers = await readyDocument(runtime, 'w-li-na', 'autumn-aid', 'admission-letter');
    const notOwn = await runtime.request('POST', '/applications', { token, body: { program: 'autumn-aid', details: { ...autumnAidDetails({ childId: childId() }), attachments: [{ kind: 'admission-letter', documentId: hers }] } } });
    expect(notOwn.status).toBe(400);
    expect(notOwn.body.error.fields[0].path).toBe('details.attachments.0.documentId');
  });

  it('lets only the applicant and officials of the deciding units read the documents, each read audited', async () => {
    const id = await apply();
    const own = await documentsAs('w-zhang-wei', id);
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(1);
    const image = await fetch(own.body.items[0].url);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await documentsAs('o-east-machinery', id)).status).toBe(200);
    expect((await documentsAs('o-city', id)).status).toBe(200);
    expect((await documentsAs('o-west', id)).status).toBe(404);
    expect((await documentsAs('w-li-na', id)).status).toBe(404);
    expect((await documentsAs('f-city', id)).status).toBe(403);
    expect((await documentsAs('a-city', id)).status).toBe(403);

    const trail = await runtime.request('GET', `/audit/${id}`, { token: await runtime.tokenOf('o-east-machinery') });
    const reads = trail.body.items.filter((event: { action: string }) => event.action === 'DOCUMENT_READ');
    expect(reads.map((event: { actor: { sub: string } }) => event.actor.sub)).toEqual(['w-zhang-wei', 'o-east-machinery', 'o-city']);
    expect(reads[0].after.documents).toEqual([own.body.items[0].id]);
    expect((await runtime.request('GET', `/audit/${id}/verify`, { token: await runtime.tokenOf('o-city') })).body.valid).toBe(true);
  });

  it('asks the worker for an unreadable kind (DOCUMENTS_REQUESTED), resumes when added, and finance’s documents rule reads the acceptance', async () => {
    const id = await apply();
    expect((await review('o-east', id, [{ kind: 'admission-letter', verdict: 'accepted' }])).status).toBe(403);
    const asked = await review('o-east-machinery', id, [{ kind: 'admission-letter', verdict: 'unreadable', note: '照片模糊，请重拍' }]);
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    const waiting = await untilStatus(runtime, 'w-zhang-wei', id, 'DOCUMENTS_REQUESTED');
    expect(waiting.statusName).toBe('待补充材料');
    expect(waiting.documentsRequest).toMatchObject({ kinds: ['admission-letter'], kindNames: ['录取通知书'], note: '照片模糊，请重拍' });
    const early = await runtime.request('POST', `/approvals/${id}/decision`, { token: await runtime.tokenOf('o-east-machinery'), body: { decision: 'approve' } });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('待补充材料');

    const token = await runtime.tokenOf('w-zhang-wei');
    const wrong = await readyDocument(runtime, 'w-zhang-wei', 'autumn-aid', 'other');
    const notWhatWasAsked = await runtime.request('POST', `/applications/${id}/documents`, { token, body: { documents: [{ kind: 'other', documentId: wrong }] } });
    expect(notWhatWasAsked.status).toBe(400);
    const retaken = await readyDocument(runtime, 'w-zhang-wei', 'autumn-aid', 'admission-letter');
    const added = await runtime.request('POST', `/applications/${id}/documents`, { token, body: { documents: [{ kind: 'admission-letter', documentId: retaken }] } });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    await eventually(async () => ((await runtime.request('GET', '/approvals', { token: await runtime.tokenOf('o-east-machinery') })).body.items.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined));
    expect((await documentsAs('o-east-machinery', id)).body.items).toHaveLength(2);

    expect((await review('o-east-machinery', id, [{ kind: 'admission-letter', verdict: 'accepted' }])).status).toBe(200);
    const accepted = await runtime.request('GET', `/applications/${id}`, { token });
    expect(accepted.body.documentReview['admission-letter'].verdict).toBe('accepted');
    expect((await decide(runtime, 'o-east-machinery', id, 'approve')).status).toBe(200);
  });

  it('returns the application to the official when the deadline passes without the documents', async () => {
    const id = await apply();
    expect((await review('o-east-machinery', id, [{ kind: 'hardship-proof', verdict: 'missing' }])).status).toBe(200);
    await untilStatus(runtime, 'w-zhang-wei', id, 'DOCUMENTS_REQUESTED');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await runtime.advanceClock(15 * DAY);
    const back = await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    expect(back.history.at(-1).note ?? back.history.at(-2).note).toMatch(/补充材料期限已过|第 1 级/);
    expect(back.history.some((entry: { note?: string }) => entry.note?.includes('补充材料期限已过，未收到：困难证明'))).toBe(true);
    await eventually(async () => ((await runtime.request('GET', '/approvals', { token: await runtime.tokenOf('o-east-machinery') })).body.items.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined));
  });

  it('lets an official file for a member with their signed consent; the member sees it and the filer cannot decide it', async () => {
    const official = 'o-east';
    const members = await runtime.request('GET', '/members', { token: await runtime.tokenOf(official) });
    expect(members.body.items.map((member: { name: string }) => member.name)).toContain('张伟');
    expect(members.body.items.map((member: { name: string }) => member.name)).not.toContain('王芳');
    const letter = await readyDocument(runtime, official, 'autumn-aid', 'admission-letter');
    const consent = await readyDocument(runtime, official, 'autumn-aid', 'consent-form');
    const details = { ...autumnAidDetails({ childId: childId() }), attachments: [{ kind: 'admission-letter', documentId: letter }] };
    const outside = await runtime.request('POST', '/applications/assisted', { token: await runtime.tokenOf(official), body: { program: 'autumn-aid', member: 'w-wang-fang', consentDocumentId: consent, details: { ...details, bankAccount: { ...details.bankAccount, holder: '王芳' } } } });
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields[0].path).toBe('member');
    const filed = await runtime.request('POST', '/applications/assisted', { token: await runtime.tokenOf(official), body: { program: 'autumn-aid', member: 'w-zhang-wei', consentDocumentId: consent, details } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(202);
    const id = filed.body.id as string;
    await untilStatus(runtime, 'w-zhang-wei', id, 'PENDING_APPROVAL');
    const mine = await runtime.request('GET', '/applications', { token: await runtime.tokenOf('w-zhang-wei') });
    expect(mine.body.items.find((item: { id: string }) => item.id === id)).toBeDefined();
    const seen = await runtime.request('GET', `/applications/${id}`, { token: await runtime.tokenOf('w-zhang-wei') });
    expect(seen.body.filedBy).toMatchObject({ name: '郑华' });
    expect((await documentsAs('w-zhang-wei', id)).body.items.map((item: { kind: string }) => item.kind).sort()).toEqual(['admission-letter', 'consent-form']);

    expect((await decide(runtime, 'o-east-machinery', id, 'approve')).status).toBe(200);
    await eventually(async () => ((await runtime.request('GET', '/approvals', { token: await runtime.tokenOf('o-east-2') })).body.items.some((item: { applicationId: string }) => item.applicationId === id) ? true : undefined));
    expect((await runtime.request('GET', '/approvals', { token: await runtime.tokenOf('o-east') })).body.items.some((item: { applicationId: string }) => item.applicationId === id)).toBe(false);
    const byFiler = await runtime.request('POST', `/approvals/${id}/decision`, { token: await runtime.tokenOf('o-east'), body: { decision: 'approve' } });
    expect(byFiler.status).toBe(403);
    expect(byFiler.body.error.message).toContain('代为提交');
    expect((await decide(runtime, 'o-east-2', id, 'approve')).status).toBe(200);
    // Workers cannot file for others.
    expect((await runtime.request('POST', '/applications/assisted', { token: await runtime.tokenOf('w-li-na'), body: {} })).status).toBe(403);
  });

  it('offers an official filing a claim the member’s own plans, and takes a death claim only from the family through an official', async () => {
    const official = 'o-west-hospital';
    const record = await runtime.request('GET', '/members/w-wang-fang', { token: await runtime.tokenOf(official) });
    expect(record.status).toBe(200);
    expect(record.body.name).toBe('王芳');
    expect(record.body.member.mutualPlans.map((plan: { plan: string }) => plan.plan).sort()).toEqual(['accident', 'critical-illness', 'hospital-allowance', 'women-special']);
    expect(record.body.member.mutualPlans.every((plan: { standing?: { message: string } }) => plan.standing?.message)).toBe(true);
    expect((await runtime.request('GET', '/members/w-wang-fang', { token: await runtime.tokenOf('o-east') })).status).toBe(404);
    expect((await runtime.request('GET', '/members/o-west', { token: await runtime.tokenOf(official) })).status).toBe(404);

    const incident = { kind: 'accident', date: testDay(-20), cause: 'ordinary', death: true };
    const claim = (diagnosis: string) => ({ plan: 'accident', incident, billedFen: 0, selfPaidFen: 0, bankAccount: { holder: '王芳', bank: '中国银行', number: '6216601234567890' }, attachments: [{ kind: 'diagnosis', documentId: diagnosis }] });
    const own = await runtime.request('POST', '/applications', { token: await runtime.tokenOf('w-wang-fang'), body: { program: 'mutual-claim', details: claim(await readyDocument(runtime, 'w-wang-fang', 'mutual-claim', 'diagnosis')) } });
    expect(own.status).toBe(400);
    expect(own.body.error.fields.map((field: { path: string }) => field.path)).toEqual(['details.incident.death']);
    expect(own.body.error.fields[0].message).toContain('家属');

    const consent = await readyDocument(runtime, official, 'mutual-claim', 'consent-form');
    const filed = await runtime.request('POST', '/applications/assisted', { token: await runtime.tokenOf(official), body: { program: 'mutual-claim', member: 'w-wang-fang', consentDocumentId: consent, details: claim(await readyDocument(runtime, official, 'mutual-claim', 'diagnosis')) } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(202);
    await untilStatus(runtime, 'w-wang-fang', filed.body.id, 'PENDING_APPROVAL');
  });
});
