import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { SERVER_PORT_VARIABLES } from '../../scripts/cluster/cluster.mjs';
import {
  bindMountsOf,
  BUILT_IMAGES,
  environmentOf,
  HOST_VARIABLES,
  imageOf,
  loadCompose,
  localService,
  PORT_VARIABLES,
  postgresMajorVersion,
  REPO_ROOT,
  service,
  temporalServerVersion,
  type ComposeFile,
} from '../../scripts/cluster/compose-stack.mjs';
import { goPackages } from '../../scripts/cluster/temporal-binaries.mjs';
import { TASK_SEARCH_ATTRIBUTES } from '../../src/tasks.constants';

/*
 * docker-compose.yml cannot run here (no Docker engine); `npm run test:cluster` runs it without Docker instead
 * (scripts/cluster/). These checks keep the two the same stack: the versions the suite builds, the scripts and dynamic
 * config file it uses, the commands and environment it starts processes with, all come from the compose file, and
 * the compose file refers only to what the repository holds.
 */

const compose: ComposeFile = loadCompose();
const read = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');
/** Where the suite's processes find each other (scripts/cluster/cluster.mjs builds the same shape, with free ports). */
const hosts: Record<string, { host: string; ports: Record<string, number> }> = {
  postgresql: { host: '127.0.0.1', ports: { 5432: 15432 } },
  temporal: { host: '127.0.0.1', ports: { 7233: 17233 } },
  app: { host: '127.0.0.1', ports: { 3000: 13000 } },
};
/** The services the cluster suite runs, each with the variables it adds for a local run only. */
const RUN_HERE: Record<string, Record<string, string>> = {
  'temporal-schema': { PATH: '/bin', TEMPORAL_SCHEMA_DIR: '/schema' },
  temporal: { PATH: '/bin', ...Object.fromEntries(SERVER_PORT_VARIABLES.map((key) => [key, '1'])) },
  'temporal-namespace': { PATH: '/bin' },
  app: { TASKS_TASK_QUEUE: 'q' },
  worker: { TASKS_TASK_QUEUE: 'q' },
};

describe('docker-compose.yml', () => {
  it('runs the current Temporal images: server and admin-tools of one version, no auto-setup', () => {
    expect(read('docker-compose.yml')).not.toMatch(/auto-setup/);
    const version = temporalServerVersion(compose);
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(imageOf(compose, 'temporal-schema')).toEqual({ name: 'temporalio/admin-tools', tag: version });
    expect(imageOf(compose, 'temporal-namespace')).toEqual({ name: 'temporalio/admin-tools', tag: version });
    expect(imageOf(compose, 'temporal-ui').name).toBe('temporalio/ui');
    // The suite builds exactly that server and schema tool.
    expect(goPackages(version)).toEqual([
      `go.temporal.io/server/cmd/server@v${version}`,
      `go.temporal.io/server/cmd/tools/sql@v${version}`,
    ]);
  });

  it('refers only to files of the repository, and publishes ports on 127.0.0.1 only', () => {
    for (const name of Object.keys(compose.services)) {
      for (const mount of bindMountsOf(compose, name)) expect(existsSync(mount.source), `${name}: ${mount.source}`).toBe(true);
      const definition = service(compose, name);
      if (definition.build) expect(existsSync(join(REPO_ROOT, definition.build.context, definition.build.dockerfile))).toBe(true);
      expect(definition.env_file, `${name}: env_file`).toBeUndefined();
      for (const port of definition.ports ?? []) expect(String(port), `${name}: ${String(port)}`).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('has a healthcheck on every service others wait for, and one-shot set-up services', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      const dependsOn = definition.depends_on ?? {};
      expect(Array.isArray(dependsOn), `${name}: depends_on with conditions`).toBe(false);
      for (const [target, { condition }] of Object.entries(dependsOn as Record<string, { condition: string }>)) {
        if (condition === 'service_healthy') expect(service(compose, target).healthcheck, `${target}, awaited by ${name}`).toBeDefined();
        else expect(condition, `${name} on ${target}`).toBe('service_completed_successfully');
        if (condition === 'service_completed_successfully') expect(service(compose, target).restart).toBe('no');
      }
    }
  });

  it('sets the schemas up with temporal-sql-tool, as the admin-tools image does, for both databases', () => {
    const { command } = service(compose, 'temporal-schema');
    expect(command).toEqual(['sh', '/scripts/setup-postgres.sh']);
    const script = read('scripts/cluster/setup-postgres.sh');
    for (const database of ['temporal', 'temporal_visibility']) {
      const store = database === 'temporal' ? 'temporal' : 'visibility';
      expect(script).toContain(`--db ${database} setup-schema -v 0.0`);
      expect(script).toContain(`--db ${database} update-schema -d "$versioned/${store}/versioned"`);
    }
    expect(script).toMatch(/temporal-sql-tool --plugin postgres12 /);
    // The credentials the server uses are the ones the database was created with.
    const postgres = environmentOf(compose, 'postgresql');
    expect(environmentOf(compose, 'temporal-schema')).toMatchObject({
      POSTGRES_USER: postgres.POSTGRES_USER,
      SQL_PASSWORD: postgres.POSTGRES_PASSWORD,
    });
    expect(environmentOf(compose, 'temporal')).toMatchObject({
      DB: 'postgres12',
      POSTGRES_USER: postgres.POSTGRES_USER,
      POSTGRES_PWD: postgres.POSTGRES_PASSWORD,
    });
    expect(postgresMajorVersion(compose)).toMatch(/^\d+$/);
  });

  it("registers exactly the library's search attributes", () => {
    expect(service(compose, 'temporal-namespace').command).toEqual(['sh', '/scripts/create-namespace.sh']);
    // `Name` registers a Keyword, `Name=Type` another type (create-namespace.sh reads both).
    const registered = environmentOf(compose, 'temporal-namespace').TASK_SEARCH_ATTRIBUTES?.split(' ').map((entry) => entry.split('='));
    expect(Object.fromEntries(registered?.map(([name, type = 'Keyword']) => [name, type]) ?? [])).toEqual(TASK_SEARCH_ATTRIBUTES);
  });

  it('gives the server a dynamic config file of its own that adds to the defaults: eager start, eager activities, limits', () => {
    const path = environmentOf(compose, 'temporal').DYNAMIC_CONFIG_FILE_PATH;
    const mount = bindMountsOf(compose, 'temporal').find((candidate) => candidate.target === path);
    // One file mounted beside the image's configuration, not over a folder of it.
    expect(mount).toBeDefined();
    expect(statSync(mount!.source).isFile()).toBe(true);
    const config = parse(readFileSync(mount!.source, 'utf8')) as Record<string, Array<{ value: unknown; constraints?: object }>>;
    const value = (key: string): unknown => config[key]?.[0]?.value;
    expect(value('system.enableEagerWorkflowStart')).toBe(true);
    expect(value('system.enableActivityEagerExecution')).toBe(true);
    expect(value('limit.maxIDLength')).toBe(255);
    // The server's default visibility rate limit, written out; the production docs recommend the same.
    expect(value('frontend.namespaceRPS.visibility')).toBe(10);
    expect(read('docs/management.md')).toMatch(/frontend\.namespaceRPS\.visibility`?[^\n]*\b10\b/);
  });

  it('is what the cluster suite runs: the same commands, the same environment, hosts mapped to local ports', () => {
    for (const [name, extraEnv] of Object.entries(RUN_HERE)) {
      const local = localService(compose, name, { hosts, extraEnv });
      const composeEnv = environmentOf(compose, name);
      // Every variable of the compose file, and only the named local-only ones besides.
      expect(Object.keys(local.composeEnv).sort(), name).toEqual(Object.keys(composeEnv).sort());
      expect(local.env, name).toEqual({ ...local.composeEnv, ...extraEnv });
      for (const [key, value] of Object.entries(composeEnv)) {
        const mapped = local.composeEnv[key]!;
        if (key in PORT_VARIABLES)
          expect(mapped, `${name} ${key}`).toBe(String(hosts[PORT_VARIABLES[key] === 'self' ? name : PORT_VARIABLES[key]!]!.ports[value]));
        else if (key in HOST_VARIABLES) expect(mapped, `${name} ${key}`).toBe('127.0.0.1');
        else if (/^[a-z][\w-]*:\d+$/.test(value) && value.split(':')[0]! in compose.services)
          expect(mapped, `${name} ${key}`).toMatch(/^127\.0\.0\.1:\d+$/);
        else if (value === '0.0.0.0') expect(mapped).toBe('127.0.0.1');
        else if (value.startsWith('/'))
          expect(existsSync(mapped) || key === 'TASKS_WORKFLOW_BUNDLE', `${name} ${key}: ${mapped}`).toBe(true);
        else expect(mapped, `${name} ${key}`).toBe(value);
      }
      // The compose command itself, container paths replaced by the repository files mounted there.
      const command = service(compose, name).command;
      if (command) {
        expect(local.command.length).toBe(command.length);
        command.forEach((arg, index) => {
          if (arg.startsWith('/')) expect(existsSync(local.command[index]!), `${name}: ${local.command[index]}`).toBe(true);
          else expect(local.command[index]).toBe(arg);
        });
      } else {
        expect(local.command, name).toEqual(['temporal-server', 'start']);
      }
    }
    // A local-only variable may never replace one of the compose file's.
    expect(() => localService(compose, 'worker', { hosts, extraEnv: { TEMPORAL_ADDRESS: 'elsewhere:7233' } })).toThrow(/may not replace/);
  });

  it('runs the example image from examples/basic: dist/ commands, the prebuilt workflow bundle, the same path here', () => {
    const built = BUILT_IMAGES[service(compose, 'worker').image!]!;
    expect(built.dockerfile).toBe(service(compose, 'worker').build?.dockerfile);
    for (const name of ['app', 'worker']) {
      const [node, script] = service(compose, name).command!;
      expect(node).toBe('node');
      // dist/<name>.js is compiled from src/<name>.ts of the example.
      expect(existsSync(join(REPO_ROOT, built.local, script!.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'))), script).toBe(true);
    }
    const bundle = environmentOf(compose, 'worker').TASKS_WORKFLOW_BUNDLE;
    const localBundle = relative(REPO_ROOT, localService(compose, 'worker', { hosts }).env.TASKS_WORKFLOW_BUNDLE!);
    expect(bundle).toBe(`${built.workdir}/dist/workflow-bundle.js`);
    // The image builds the bundle where the compose file expects it; `npm run test:cluster` builds it at the local path.
    const dockerfile = read(built.dockerfile);
    expect(dockerfile).toContain(`node examples/basic/dist/bundle-workflows.js ${localBundle}`);
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['test:cluster']).toContain(
      `node examples/basic/dist/bundle-workflows.js ${localBundle}`,
    );
  });

  it('builds the example image on Node 24, with production dependencies only, running as a non-root user', () => {
    const dockerfile = read('examples/basic/Dockerfile');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.every((stage) => stage.startsWith('node:24-'))).toBe(true);
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/^WORKDIR \/app$/m);
    expect(runtime).toMatch(/^USER (?!root\b|0\b)\w+$/m);
    expect(runtime).toMatch(/^COPY --from=build \/src\/examples\/basic\/dist dist$/m);
    expect(runtime).not.toMatch(/npm (ci|install)/);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    expect(dockerfile).toMatch(/npm pack/);
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git']));
  });
});
