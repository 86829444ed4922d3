// docker-compose.yml is the one description of the production-shaped stack. This module reads it and turns its
// services into processes of this machine, for `npm run test:cluster` (scripts/cluster/cluster.mjs and the cluster
// suite): the same image versions, scripts, dynamic config file, commands and environment, with compose host names
// mapped to local ports and container paths to the repository files they come from. Nothing here knows a value that
// the compose file holds; test/unit/docker-compose.test.ts checks the mapping.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository's root folder. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The compose file the cluster suite runs. */
export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');

/**
 * Images built from this repository: where their working directory comes from. The example's Dockerfile copies
 * examples/basic's package.json and compiled dist/ into /app, so `/app/dist/main.js` is `examples/basic/dist/main.js`.
 */
export const BUILT_IMAGES = {
  'nestjs-temporal-tasks-example': { dockerfile: 'examples/basic/Dockerfile', workdir: '/app', local: 'examples/basic' },
};

/**
 * Environment variables that hold a port of another service (or, for `self`, the service's own listening port), so
 * that the local port replaces the container's. A bare number in any other variable is left alone.
 */
export const PORT_VARIABLES = { DB_PORT: 'postgresql', PORT: 'self' };

/**
 * Environment variables that hold the bare host name of another service. Named one by one: a value such as
 * `temporal` is a service's name in one variable (none here) and a user name in another (POSTGRES_USER).
 */
export const HOST_VARIABLES = { POSTGRES_SEEDS: 'postgresql' };

/**
 * Local equivalents of the images' start commands, for services whose compose entry has no `command`: the
 * temporalio/server image's entrypoint execs `temporal-server start`.
 */
export const IMAGE_COMMANDS = { 'temporalio/server': ['temporal-server', 'start'] };

/** Parses the compose file, with YAML merge keys (`<<: *example`) resolved. */
export function loadCompose(file = COMPOSE_FILE) {
  return parse(readFileSync(file, 'utf8'), { merge: true });
}

/** A service of the compose file, or an error that names the services there are. */
export function service(compose, name) {
  const found = compose.services?.[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}" (it has: ${Object.keys(compose.services ?? {}).join(', ')})`);
  return found;
}

/** `{ name, tag }` of a service's image. */
export function imageOf(compose, name) {
  const image = service(compose, name).image;
  const match = /^(.+?):([^:/]+)$/.exec(image ?? '');
  if (!match) throw new Error(`The image of service "${name}" in docker-compose.yml has no tag: ${String(image)}`);
  return { name: match[1], tag: match[2] };
}

/** The Temporal server version of the stack: the tag of the `temporal` service's temporalio/server image. */
export function temporalServerVersion(compose) {
  const { name, tag } = imageOf(compose, 'temporal');
  if (name !== 'temporalio/server') throw new Error(`The temporal service of docker-compose.yml runs ${name}, not temporalio/server`);
  return tag;
}

/** The PostgreSQL major version of the stack: the tag of the `postgresql` service's postgres image. */
export function postgresMajorVersion(compose) {
  const { name, tag } = imageOf(compose, 'postgresql');
  if (name !== 'postgres' || !/^\d+$/.test(tag))
    throw new Error(`The postgresql service of docker-compose.yml must run postgres:<major>, not ${name}:${tag}`);
  return tag;
}

/** A service's environment as an object, whichever of the two compose forms (map or `KEY=value` list) it uses. */
export function environmentOf(compose, name) {
  const env = service(compose, name).environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? '')]));
  return Object.fromEntries(env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

/** The bind mounts of a service (`./file:/container/path[:ro]`), with the local side as an absolute path. */
export function bindMountsOf(compose, name) {
  return (service(compose, name).volumes ?? [])
    .map((volume) => (typeof volume === 'string' ? volume : `${volume.source}:${volume.target}`))
    .filter((volume) => volume.startsWith('./') || volume.startsWith('../'))
    .map((volume) => {
      const [source, target] = volume.split(':');
      return { source: resolve(REPO_ROOT, source), target };
    });
}

/** The repository file or folder a container path of a service comes from: a bind mount, or a built image's workdir. */
export function localPathOf(compose, name, containerPath) {
  for (const mount of bindMountsOf(compose, name)) {
    if (containerPath === mount.target) return mount.source;
    if (containerPath.startsWith(`${mount.target}/`)) return join(mount.source, containerPath.slice(mount.target.length + 1));
  }
  const built = BUILT_IMAGES[service(compose, name).image];
  if (built) {
    const inWorkdir = posix.isAbsolute(containerPath) ? posix.relative(built.workdir, containerPath) : containerPath;
    if (!inWorkdir.startsWith('..')) return join(REPO_ROOT, built.local, inWorkdir);
  }
  return undefined;
}

/**
 * How to run a service of the compose file here: its command (the image's, where compose names none), its working
 * directory and its environment, with every reference to another service mapped through `hosts`.
 *
 * @param {object} compose the parsed compose file
 * @param {string} name the service
 * @param {object} options
 * @param {Record<string, { host: string, ports: Record<string, number> }>} options.hosts where each service listens
 *   here: its host and, for each of its container ports, the local port
 * @param {Record<string, string>} [options.extraEnv] variables that only a local run needs (free ports, paths of
 *   local tools); they may not replace a variable of the compose file
 * @returns {{ command: string[], cwd: string, env: Record<string, string>, composeEnv: Record<string, string> }}
 *   `composeEnv` is the compose file's environment after mapping, without `extraEnv`
 */
export function localService(compose, name, { hosts, extraEnv = {} }) {
  const definition = service(compose, name);
  const problems = [];
  const mapValue = (key, value) => {
    const portOf = PORT_VARIABLES[key];
    if (portOf !== undefined && /^\d+$/.test(value)) {
      const target = portOf === 'self' ? name : portOf;
      const port = hosts[target]?.ports[value];
      if (port === undefined) problems.push(`${key}=${value}: no local port for ${target}:${value}`);
      return String(port);
    }
    // `host:port` of another service, e.g. TEMPORAL_ADDRESS=temporal:7233.
    const address = /^([a-z][\w-]*):(\d+)$/.exec(value);
    if (address && compose.services[address[1]]) {
      const target = hosts[address[1]];
      const port = target?.ports[address[2]];
      if (port === undefined) problems.push(`${key}=${value}: no local address for ${value}`);
      return `${target?.host}:${port}`;
    }
    const hostOf = HOST_VARIABLES[key];
    if (hostOf !== undefined) {
      if (value !== hostOf || !hosts[hostOf])
        problems.push(`${key}=${value}: expected the host name of service ${hostOf}, which has a local host`);
      return hosts[hostOf]?.host ?? value;
    }
    // Bind to every interface in a container is bind to loopback here: nothing of a test run listens beyond it.
    if (value === '0.0.0.0') return '127.0.0.1';
    if (posix.isAbsolute(value)) {
      const local = localPathOf(compose, name, value);
      if (!local) problems.push(`${key}=${value}: a container path that is neither bind-mounted from the repository nor in a built image`);
      return local ?? value;
    }
    return value;
  };

  const composeEnv = Object.fromEntries(Object.entries(environmentOf(compose, name)).map(([key, value]) => [key, mapValue(key, value)]));
  const clashes = Object.keys(extraEnv).filter((key) => key in composeEnv);
  if (clashes.length > 0) problems.push(`local-only variables may not replace the compose file's: ${clashes.join(', ')}`);

  const { name: imageName } = definition.build ? { name: definition.image } : imageOf(compose, name);
  const command = definition.command ?? IMAGE_COMMANDS[imageName];
  if (!Array.isArray(command))
    problems.push(`no command: give the service an exec-form command (a list) or add its image to IMAGE_COMMANDS`);
  const built = BUILT_IMAGES[definition.image];
  const cwd = built ? join(REPO_ROOT, built.local) : REPO_ROOT;
  const localCommand = (command ?? []).map((arg, index) => {
    if (index === 0 || !posix.isAbsolute(arg)) return arg;
    const local = localPathOf(compose, name, arg);
    if (!local) problems.push(`command argument ${arg} is neither bind-mounted from the repository nor in a built image`);
    return local ?? arg;
  });

  if (problems.length > 0) throw new Error(`Cannot run service "${name}" of docker-compose.yml here: ${problems.join('; ')}`);
  return { command: localCommand, cwd, env: { ...composeEnv, ...extraEnv }, composeEnv };
}

/** A path relative to the repository, for messages. */
export function repoRelative(path) {
  return isAbsolute(path) ? relative(REPO_ROOT, path) : path;
}
