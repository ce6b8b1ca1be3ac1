import type { Message } from './message.ts';

/**
 * Documents an applicant hands in as photos or PDFs: what is accepted, how a file is recognised
 * (by its first bytes, never its name or the type the browser claims), and which kinds each
 * program requires. Browser-safe: the web app checks the same limits before uploading.
 */

/** The most one document may weigh: phone photos are downscaled in the browser well below it. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const acceptedTypes = ['image/jpeg', 'image/png', 'image/heic', 'image/heif', 'image/webp', 'application/pdf'] as const;
export type AcceptedType = (typeof acceptedTypes)[number];

/** How many documents one application may carry (several photos of each kind). */
export const MAX_DOCUMENTS = 30;

export const acceptedTypesMessage: Message = {
  zh: '只接受照片（JPEG、PNG、HEIC/HEIF、WebP）或 PDF 文件，每个不超过 10 MB',
  en: 'Only photos (JPEG, PNG, HEIC/HEIF, WebP) or PDF files are accepted, at most 10 MB each',
};

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((byte, index) => bytes[at + index] === byte);
const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));

/** HEIF brands (ISO/IEC 23008-12): HEIC files name one of the first, other HEIF files the rest. */
const heicBrands = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx']);
const heifBrands = new Set(['mif1', 'msf1', 'heif']);

/**
 * The type of a file from its first bytes (at least 16 of them), or undefined when it is none of
 * the accepted ones. JPEG FF D8 FF; PNG's 8-byte signature; WebP a RIFF container of WEBP; PDF
 * `%PDF-`; HEIC/HEIF an ISO-BMFF `ftyp` box whose major brand is a HEIF brand.
 */
export function sniffDocumentType(bytes: Uint8Array): AcceptedType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (heicBrands.has(brand)) return 'image/heic';
    if (heifBrands.has(brand)) return 'image/heif';
  }
  return undefined;
}

/** Document kinds an application of each program must carry (the forms' own kinds): a missing one is a field error at submit. */
export const requiredDocuments: Record<string, string[]> = {
  'autumn-aid': ['admission-letter'],
  'hardship-relief': ['income-proof'],
  'mutual-claim': ['diagnosis'],
};

/** What an official finds of one kind of document on review. */
export const documentVerdicts = ['accepted', 'missing', 'unreadable'] as const;
export type DocumentVerdict = (typeof documentVerdicts)[number];

/** The official's verdict on one kind: who, when, and (for missing or unreadable) what to bring. */
export interface DocumentReview {
  verdict: DocumentVerdict;
  by: { sub: string; name: string };
  at: string;
  note?: string;
}

/** Days the worker has to add documents an official asked for (the workflow's wait and the deadline shown). */
export const DOCUMENTS_REQUEST_DAYS = 14;
