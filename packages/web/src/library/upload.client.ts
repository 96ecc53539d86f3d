import { csrfHeaders, isRefreshable, type paths, type Problem } from '@sift/sdk';
import { api, SiftApiError } from '../api/client';

type UploadResponse = paths['/api/v1/documents']['post']['responses'][202]['content']['application/json'];
/** One file's outcome: stored (maybe as a duplicate of what was there), or refused with its code. */
export type UploadItem = UploadResponse['items'][number];
export type StoredItem = Extract<UploadItem, { document_id: string }>;

export interface UploadRequest {
  file: File;
  collectionId: string | null;
  folderId: string | null;
  /** Bytes of the request body sent so far, of `total`. */
  onProgress: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * `POST /api/v1/documents` with one file, over XMLHttpRequest because fetch reports no upload progress.
 * The only hand-made request of the UI: same CSRF echo as the SDK client; an expired session is refreshed
 * once through the SDK client (any call refreshes) and the upload sent again. Resolves with the file's
 * item (stored or duplicate); rejects with a SiftApiError carrying the server's problem (a refused file,
 * a full queue or disk) or NETWORK_ERROR / UPLOAD_CANCELLED.
 */
export async function uploadFile(request: UploadRequest): Promise<StoredItem> {
  try {
    return await send(request);
  } catch (err) {
    if (!(err instanceof SiftApiError) || err.status !== 401 || !isRefreshable(err.code)) throw err;
    const { response } = await api.GET('/api/v1/system/limits');
    if (!response.ok) throw err;
    return send(request);
  }
}

function send({ file, collectionId, folderId, onProgress, signal }: UploadRequest): Promise<StoredItem> {
  const body = new FormData();
  // The fields apply to the files after them, so they come first.
  if (collectionId) body.append('collection_id', collectionId);
  if (folderId) body.append('folder_id', folderId);
  body.append('file', file, file.name);

  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/documents');
    xhr.responseType = 'json';
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onerror = () => reject(new SiftApiError(0, null, 'the upload could not reach the server'));
    xhr.onabort = () =>
      reject(new SiftApiError(0, problemOf('UPLOAD_CANCELLED', 0, 'the upload was cancelled')));
    xhr.onload = () => {
      const data = xhr.response as unknown;
      if (xhr.status === 202) {
        const item = (data as UploadResponse | null)?.items?.[0];
        if (item && 'document_id' in item) return resolve(item);
        const refused = item && 'error' in item ? item.error : null;
        return reject(
          new SiftApiError(
            refused?.status ?? 500,
            refused ? problemOf(refused.code, refused.status, refused.message) : null,
          ),
        );
      }
      const problem = isProblem(data) ? data : null;
      reject(new SiftApiError(xhr.status, problem));
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

/** A problem made here for an outcome the server reported inside a 202 (or none at all). */
function problemOf(code: string, status: number, detail: string): Problem {
  return {
    type: `urn:sift:error:${code}`,
    title: 'Upload refused',
    status,
    detail,
    code,
    instance: '',
    request_id: '',
  };
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}
