import { useEffect, useState } from 'preact/hooks';
import { acceptedTypes, MAX_DOCUMENT_BYTES } from '../../functions/domain/documents.ts';
import type { ApplicationDocument } from '../../functions/store/applications.ts';
import { api, ApiError } from './api.ts';
import { documentNames } from './code-names.ts';
import { elder } from './elder.ts';
import { nameOf, t } from './i18n.ts';

/** A document uploaded for a draft: what the submit names, and a small thumbnail kept with the draft on this device. */
export interface DraftDocument {
  id: string;
  kind: string;
  name: string;
  contentType: string;
  size: number;
  /** A data URL of about 160 px (images only), so a reloaded draft still shows its photos. */
  thumbnail?: string;
}

/** Photos are downscaled to at most this many pixels on the long side before upload. */
const MAX_PHOTO_SIDE = 2000;
/** Photos above this size are re-encoded (downscaled) before upload; smaller ones go as taken. */
const DOWNSCALE_ABOVE_BYTES = 1_500_000;
const THUMBNAIL_SIDE = 160;

const accepted = acceptedTypes as readonly string[];
/** Phones label HEIC photos in several ways; by name when the browser gives no type. */
const typeOf = (file: File): string => file.type || (/\.(heic|heif)$/i.test(file.name) ? 'image/heic' : /\.pdf$/i.test(file.name) ? 'application/pdf' : '');

async function loadImage(file: Blob): Promise<HTMLImageElement | undefined> {
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } catch {
    return undefined;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function drawn(image: HTMLImageElement, side: number): HTMLCanvasElement {
  const scale = Math.min(1, side / Math.max(image.naturalWidth, image.naturalHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
  canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/**
 * What is uploaded for a picked file: a large JPEG/PNG/WebP photo is redrawn on a canvas at most
 * 2000 px wide and sent as JPEG (a phone's 4–8 MB photo becomes a few hundred KB); HEIC, which
 * browsers other than Safari cannot draw, and PDFs go as they are. Also the thumbnail.
 */
async function prepare(file: File): Promise<{ blob: Blob; contentType: string; thumbnail?: string }> {
  const contentType = typeOf(file);
  if (!contentType.startsWith('image/')) return { blob: file, contentType };
  const image = await loadImage(file);
  if (!image) return { blob: file, contentType };
  const thumbnail = drawn(image, THUMBNAIL_SIDE).toDataURL('image/jpeg', 0.7);
  const large = file.size > DOWNSCALE_ABOVE_BYTES || Math.max(image.naturalWidth, image.naturalHeight) > MAX_PHOTO_SIDE;
  if (!large || contentType === 'image/heic' || contentType === 'image/heif') return { blob: file, contentType, thumbnail };
  const blob = await new Promise<Blob | null>((resolve) => drawn(image, MAX_PHOTO_SIDE).toBlob(resolve, 'image/jpeg', 0.85));
  return blob ? { blob, contentType: 'image/jpeg', thumbnail } : { blob: file, contentType, thumbnail };
}

/** PUTs the bytes to the presigned URL, telling the progress (0–1) as it goes. */
function put(url: string, headers: Record<string, string>, blob: Blob, onProgress: (share: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => (request.status >= 200 && request.status < 300 ? resolve() : reject(new Error(String(request.status))));
    request.onerror = () => reject(new Error('network'));
    request.send(blob);
  });
}

/** What may be sent; in 长辈模式 in words, without the file types' abbreviations. */
export const acceptedHint = () =>
  elder.on
    ? t('可以用手机拍照，或从相册选照片，也可以选扫描好的文件；每个不超过 10 兆。', 'Take a photo with your phone, choose one from your photos, or choose a scanned file; each at most 10 megabytes.')
    : t('可拍照，或选择照片（JPEG、PNG、HEIC、WebP）或 PDF 文件，每个不超过 10 MB。', 'Take a photo, or choose photos (JPEG, PNG, HEIC, WebP) or PDF files, up to 10 MB each.');

/**
 * One file from the phone to the documents bucket: checked here first (type and size, the same
 * limits as the API), downscaled if it is a large photo, sent to a presigned URL with progress,
 * then checked by the API by its bytes. Throws a message in the reader's language.
 */
export async function uploadFile(program: string, kind: string, file: File, onProgress: (share: number) => void): Promise<DraftDocument> {
  if (!accepted.includes(typeOf(file))) throw new Error((elder.on ? t(`“${file.name}”不是照片或扫描文件。`, `“${file.name}” is not a photo or a scanned file.`) : t(`“${file.name}”不是照片或 PDF。`, `“${file.name}” is not a photo or a PDF.`)) + acceptedHint());
  const { blob, contentType, thumbnail } = await prepare(file);
  if (blob.size > MAX_DOCUMENT_BYTES) throw new Error((elder.on ? t(`“${file.name}”超过 10 兆。`, `“${file.name}” is over 10 megabytes.`) : t(`“${file.name}”超过 10 MB。`, `“${file.name}” is over 10 MB.`)) + acceptedHint());
  const ticket = await api<{ id: string; uploadUrl: string; headers: Record<string, string> }>('POST', '/documents', { program, kind, name: file.name, contentType, size: blob.size });
  try {
    await put(ticket.uploadUrl, ticket.headers, blob, onProgress);
  } catch {
    throw new Error(t(`“${file.name}”上传失败，请检查网络后重试。`, `Uploading “${file.name}” failed; check the network and try again.`));
  }
  const checked = await api<{ id: string; contentType: string; size: number }>('POST', `/documents/${ticket.id}/check`);
  return { id: checked.id, kind, name: file.name, contentType: checked.contentType, size: checked.size, ...(thumbnail ? { thumbnail } : {}) };
}

interface Uploading {
  key: string;
  kind: string;
  name: string;
  share: number;
}

/**
 * Photos and PDFs of each kind the program asks for: take a photo with the camera, or choose from
 * the gallery or files (several at once); each shows as a thumbnail with its upload's progress and
 * can be removed until the application is sent. Required kinds say so.
 */
export function DocumentPicker(props: {
  program: string;
  kinds: readonly string[];
  required: readonly string[];
  documents: DraftDocument[];
  onAdd: (document: DraftDocument) => void;
  onRemove: (id: string) => void;
  error?: string | undefined;
  idPrefix?: string;
}) {
  const [uploading, setUploading] = useState<Uploading[]>([]);
  const [problem, setProblem] = useState<string>();
  const prefix = props.idPrefix ?? 'document';

  async function pick(kind: string, files: FileList | null) {
    setProblem(undefined);
    for (const file of Array.from(files ?? [])) {
      const key = `${kind}-${file.name}-${Math.random()}`;
      setUploading((list) => [...list, { key, kind, name: file.name, share: 0 }]);
      try {
        props.onAdd(await uploadFile(props.program, kind, file, (share) => setUploading((list) => list.map((item) => (item.key === key ? { ...item, share } : item)))));
      } catch (caught) {
        setProblem(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
      } finally {
        setUploading((list) => list.filter((item) => item.key !== key));
      }
    }
  }

  async function remove(id: string) {
    try {
      await api('DELETE', `/documents/${id}`);
    } catch (caught) {
      // Already gone from the server (removed in another tab): drop it here too.
      if (!(caught instanceof ApiError && caught.status === 404)) {
        setProblem((caught as Error).message);
        return;
      }
    }
    props.onRemove(id);
  }

  return (
    <div class="document-picker">
      <p class="hint">{acceptedHint()}</p>
      {(problem || props.error) && <p class="error" role="alert">{problem ?? props.error}</p>}
      {props.kinds.map((kind) => {
        const mine = props.documents.filter((document) => document.kind === kind);
        const busy = uploading.filter((item) => item.kind === kind);
        const title = nameOf(documentNames, kind);
        return (
          <section key={kind} class="document-kind" aria-labelledby={`${prefix}-${kind}-title`}>
            <h3 id={`${prefix}-${kind}-title`}>
              {title} {props.required.includes(kind) && <span class="required">{t('（必需）', '(required)')}</span>}
            </h3>
            <ul class="thumbnails">
              {mine.map((document) => (
                <li key={document.id}>
                  <Thumbnail document={document} />
                  <button type="button" class="link" onClick={() => remove(document.id)} aria-label={t(`删除${title}：${document.name}`, `Remove ${title}: ${document.name}`)}>
                    {t('删除', 'Remove')}
                  </button>
                </li>
              ))}
              {busy.map((item) => (
                <li key={item.key} class="uploading">
                  <span class="thumb-placeholder">{item.name}</span>
                  <progress max={1} value={item.share} aria-label={t(`正在上传 ${item.name}`, `Uploading ${item.name}`)} />
                </li>
              ))}
            </ul>
            <div class="pick">
              <label class="button secondary" for={`${prefix}-${kind}-camera`}>{t('拍照', 'Take a photo')}</label>
              <input class="file-input" id={`${prefix}-${kind}-camera`} type="file" accept="image/*" capture="environment" onChange={(e) => void pick(kind, (e.currentTarget as HTMLInputElement).files).then(() => ((e.target as HTMLInputElement).value = ''))} />
              <label class="button secondary" for={`${prefix}-${kind}-file`}>{t('从相册或文件选择', 'Choose from gallery or files')}</label>
              <input class="file-input" id={`${prefix}-${kind}-file`} type="file" multiple accept="image/*,application/pdf" onChange={(e) => void pick(kind, (e.currentTarget as HTMLInputElement).files).then(() => ((e.target as HTMLInputElement).value = ''))} />
            </div>
          </section>
        );
      })}
    </div>
  );
}

/** A draft document's thumbnail: its picture, or a tile naming the PDF (or a HEIC the browser cannot draw). */
function Thumbnail(props: { document: DraftDocument }) {
  const { document } = props;
  return document.thumbnail ? (
    <img class="thumb" src={document.thumbnail} alt={document.name} />
  ) : (
    <span class="thumb-placeholder">{document.contentType === 'application/pdf' ? (elder.on ? t('文件', 'File') : 'PDF') : t('照片', 'Photo')} · {document.name}</span>
  );
}

/** A stored document as the API shows it, with a short-lived URL to view it. */
export type StoredDocumentView = Omit<ApplicationDocument, 'addedBy'> & { url: string };

/** An application's documents with their viewing URLs (the read is audited by the API). */
export function useApplicationDocuments(applicationId: string, reload: number) {
  const [documents, setDocuments] = useState<StoredDocumentView[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: StoredDocumentView[] }>('GET', `/applications/${applicationId}/documents`)
      .then((reply) => setDocuments(reply.items))
      .catch((caught: Error) => setError(caught.message));
  }, [applicationId, reload]);
  return { documents, error };
}

/**
 * An application's documents by kind as thumbnails; a photo opens in full view, a PDF in a new
 * tab (its URL lasts a few minutes). `children` of each kind: the official's review controls.
 */
export function DocumentGallery(props: { documents: StoredDocumentView[]; kinds: readonly string[]; after?: (kind: string) => preact.ComponentChildren }) {
  const [open, setOpen] = useState<StoredDocumentView>();
  const kinds = [...new Set([...props.kinds, ...props.documents.map((document) => document.kind)])];
  return (
    <div class="gallery">
      {kinds.map((kind) => {
        const ofKind = props.documents.filter((document) => document.kind === kind);
        if (!ofKind.length && !props.after) return null;
        return (
          <section key={kind} class="document-kind">
            <h3>{nameOf(documentNames, kind)}</h3>
            {ofKind.length ? (
              <ul class="thumbnails">
                {ofKind.map((document) => (
                  <li key={document.id}>
                    {document.contentType === 'application/pdf' ? (
                      <a class="thumb-placeholder" href={document.url} target="_blank" rel="noopener">{elder.on ? t('文件', 'File') : 'PDF'} · {document.name}</a>
                    ) : (
                      <button type="button" class="thumb-button" onClick={() => setOpen(document)} aria-label={t(`查看大图：${document.name}`, `View full size: ${document.name}`)}>
                        <img class="thumb" src={document.url} alt={document.name} />
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('未上传', 'None handed in')}</p>
            )}
            {props.after?.(kind)}
          </section>
        );
      })}
      {open && (
        <div class="viewer" role="dialog" aria-modal="true" aria-label={open.name}>
          <img src={open.url} alt={open.name} />
          <div class="actions">
            <a class="button secondary" href={open.url} target="_blank" rel="noopener">{t('在新窗口打开', 'Open in a new tab')}</a>
            <button type="button" onClick={() => setOpen(undefined)}>{t('关闭', 'Close')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
