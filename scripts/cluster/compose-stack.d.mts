// Types of compose-stack.mjs, for the TypeScript tests that import it.

/** A parsed docker-compose.yml (the parts this project reads). */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: Array<string | { source: string; target: string }>;
  ports?: Array<string | { published?: string | number; host_ip?: string; target: number }>;
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
  restart?: string;
  deploy?: { replicas?: number };
  [key: string]: unknown;
}

/** Where a service listens on this machine: its host and, for each of its container ports, the local port. */
export type LocalHosts = Record<string, { host: string; ports: Record<string, number> }>;

export interface LocalService {
  command: string[];
  cwd: string;
  env: Record<string, string>;
  /** The compose file's environment after mapping, without the local-only variables. */
  composeEnv: Record<string, string>;
}

export const REPO_ROOT: string;
export const COMPOSE_FILE: string;
export const BUILT_IMAGES: Record<string, { dockerfile: string; workdir: string; local: string }>;
export const PORT_VARIABLES: Record<string, string>;
export const HOST_VARIABLES: Record<string, string>;
export const IMAGE_COMMANDS: Record<string, string[]>;
export function loadCompose(file?: string): ComposeFile;
export function service(compose: ComposeFile, name: string): ComposeService;
export function imageOf(compose: ComposeFile, name: string): { name: string; tag: string };
export function temporalServerVersion(compose: ComposeFile): string;
export function postgresMajorVersion(compose: ComposeFile): string;
export function environmentOf(compose: ComposeFile, name: string): Record<string, string>;
export function bindMountsOf(compose: ComposeFile, name: string): Array<{ source: string; target: string }>;
export function localPathOf(compose: ComposeFile, name: string, containerPath: string): string | undefined;
export function localService(
  compose: ComposeFile,
  name: string,
  options: { hosts: LocalHosts; extraEnv?: Record<string, string> },
): LocalService;
export function repoRelative(path: string): string;
