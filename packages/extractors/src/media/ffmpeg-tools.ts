import { AppError, isAppError } from '@sift/core';
import { runTool, type ToolSandbox } from '@sift/tools';

const TOOL_HINT = 'Debian package ffmpeg';
/**
 * Playlists and manifests (HLS, DASH, concat, SDP) make ffmpeg open the URLs inside them, and a file named
 * .mp3 may be one. Only local files may be opened; ffmpeg's own default for a local input also allows
 * `crypto` and `data`, which Sift never needs. Both tools also run without network (runTool's default).
 */
const LOCAL_ONLY = ['-protocol_whitelist', 'file'];

/** Binaries of the ffmpeg suite (defaults: `ffmpeg` and `ffprobe` on PATH) and how they run. */
export interface FfmpegPaths {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** How the tools are kept off the network (default: detected once); tests force the fallback with `none`. */
  sandbox?: ToolSandbox;
}

/** What ffprobe says about a media file (the subset Sift reads). */
export interface MediaProbe {
  format: { format_name?: string; duration?: string; tags?: Record<string, string> };
  streams: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    sample_rate?: string;
    channels?: number;
    duration?: string;
    tags?: Record<string, string>;
  }[];
}

/**
 * A tool failure on the file itself (ffprobe/ffmpeg exiting non-zero) means the file is unreadable:
 * `DOCUMENT_CORRUPT` (user, permanent). A missing tool or a timeout stays what it is.
 */
export function asCorrupt(err: unknown, what: string): unknown {
  if (!isAppError(err) || err.code !== 'TOOL_FAILED') return err;
  return new AppError(
    'DOCUMENT_CORRUPT',
    'user',
    `The ${what} is damaged or not in the format its name says`,
    {
      details: { tool: err.details.tool, stderr: err.details.stderr },
      retryable: false,
      cause: err,
    },
  );
}

/** Runs ffprobe on a file; throws `DOCUMENT_CORRUPT` when ffprobe cannot read it. */
export async function probeMedia(
  path: string,
  what: string,
  opts: FfmpegPaths & { signal: AbortSignal },
): Promise<MediaProbe> {
  try {
    const { stdout } = await runTool(
      opts.ffprobePath ?? 'ffprobe',
      ['-v', 'error', ...LOCAL_ONLY, '-show_format', '-show_streams', '-of', 'json', path],
      { timeoutMs: 60_000, signal: opts.signal, toolHint: TOOL_HINT, ...sandboxOf(opts) },
    );
    const probe = JSON.parse(stdout) as Partial<MediaProbe>;
    return { format: probe.format ?? {}, streams: probe.streams ?? [] };
  } catch (err) {
    throw asCorrupt(err, what);
  }
}

/**
 * Runs ffmpeg with `-nostdin -v error -y` and the local-only protocol list prepended; the list is an input
 * option, so it binds to the first `-i` in `args` (Sift gives ffmpeg one input). Throws `DOCUMENT_CORRUPT` when
 * ffmpeg fails on the file.
 */
export async function runFfmpeg(
  args: string[],
  what: string,
  opts: FfmpegPaths & { signal: AbortSignal; timeoutMs: number },
): Promise<void> {
  try {
    await runTool(opts.ffmpegPath ?? 'ffmpeg', ['-nostdin', '-v', 'error', '-y', ...LOCAL_ONLY, ...args], {
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      toolHint: TOOL_HINT,
      ...sandboxOf(opts),
    });
  } catch (err) {
    throw asCorrupt(err, what);
  }
}

function sandboxOf(opts: FfmpegPaths): { sandbox?: ToolSandbox } {
  return opts.sandbox ? { sandbox: opts.sandbox } : {};
}

/** A tag by case-insensitive name (ID3 and Vorbis comments differ in case), from the first place that has it. */
export function findTag(
  names: string[],
  ...sources: (Record<string, string> | undefined)[]
): string | undefined {
  for (const tags of sources) {
    if (!tags) continue;
    for (const [key, value] of Object.entries(tags)) {
      if (names.includes(key.toLowerCase()) && value.trim()) return value.trim();
    }
  }
  return undefined;
}
