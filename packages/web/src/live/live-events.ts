/**
 * The live connection to `GET /api/v1/events`: a WebSocket, falling back to Server-Sent Events when WebSockets
 * cannot connect (a proxy that drops upgrades). Reconnects with backoff and resumes from the last event id; the
 * server answers `resync` when it cannot replay, and listeners then refetch instead of trusting a gap.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface LiveEvent {
  id?: number | string;
  type: string;
  [field: string]: unknown;
}

type Listener = (event: LiveEvent) => void;

const MAX_BACKOFF_MS = 15_000;
/** WebSocket failures (never opened) before trying Server-Sent Events instead. */
const WS_FAILURES_BEFORE_SSE = 2;

export class LiveEvents {
  private state: ConnectionState = 'connecting';
  private lastId: string | null = null;
  private socket: WebSocket | null = null;
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private wsFailures = 0;
  private stopped = true;
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<() => void>();
  /** Events received since the page loaded (the browser tests read it to tell pushes from polling). */
  received = 0;
  /**
   * Runs before each reconnection: the stream closes when the access token runs out (code 4401), and a
   * handshake with an expired cookie fails, so the UI renews the session first (or sends the user to sign-in).
   */
  beforeReconnect: () => Promise<unknown> = async () => {};

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close();
    this.source?.close();
    this.socket = null;
    this.source = null;
  }

  getState = (): ConnectionState => this.state;

  onState(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.stateListeners.forEach((listener) => listener());
  }

  private dispatch(raw: string, id?: string): void {
    let event: LiveEvent;
    try {
      event = JSON.parse(raw) as LiveEvent;
    } catch {
      return; // A heartbeat or a frame this client does not understand.
    }
    if (typeof event?.type !== 'string') return;
    const eventId = id ?? (event.id !== undefined ? String(event.id) : null);
    if (eventId) this.lastId = eventId;
    this.received++;
    this.listeners.forEach((listener) => listener(event));
  }

  private connect(): void {
    if (this.stopped) return;
    if (this.wsFailures >= WS_FAILURES_BEFORE_SSE && typeof EventSource !== 'undefined') this.connectSse();
    else this.connectWebSocket();
  }

  private connectWebSocket(): void {
    const url = new URL('/api/v1/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.lastId) url.searchParams.set('last_event_id', this.lastId);
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.attempts = 0;
      this.wsFailures = 0;
      this.setState('live');
    };
    socket.onmessage = (message) => {
      if (typeof message.data === 'string') this.dispatch(message.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!opened) this.wsFailures++;
      this.scheduleReconnect();
    };
  }

  private connectSse(): void {
    // EventSource sends Last-Event-ID itself when it reconnects; the first connection passes ours.
    const url = new URL('/api/v1/events', window.location.href);
    if (this.lastId) url.searchParams.set('last_event_id', this.lastId);
    const source = new EventSource(url, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.attempts = 0;
      this.setState('live');
    };
    source.onmessage = (message) => this.dispatch(message.data as string, message.lastEventId || undefined);
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        this.scheduleReconnect();
      } else this.setState('reconnecting');
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.setState('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts) * (0.75 + Math.random() / 2);
    this.attempts++;
    this.retryTimer = setTimeout(() => {
      void this.beforeReconnect()
        .catch(() => {})
        .then(() => this.connect());
    }, delay);
  }
}

/** The page's one connection. */
export const liveEvents = new LiveEvents();
