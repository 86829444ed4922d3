import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Test files named `*.own-runtime.test.ts` test how the SDK runtime gets installed (the SDK allows one per process,
 * and each test file runs in a process of its own), so they get none from here.
 */
const OWN_RUNTIME = /\.own-runtime\.test\.ts$/;

// Worker state changes and retried attempts are logged at INFO/WARN by the SDK; keep test output readable.
if (!OWN_RUNTIME.test(expect.getState().testPath ?? '')) Runtime.install({ logger: new DefaultLogger('ERROR') });

/**
 * Temporal loads converters by path with Node's `require` (`dataConverter.failureConverterPath`, e.g. the library's
 * `ENCODED_FAILURE_CONVERTER_PATH`). The tests run the library from its TypeScript sources, which Node 20 cannot
 * require, so such modules are transpiled here as the build would compile them.
 */
if (!('.ts' in require.extensions)) {
  require.extensions['.ts'] = (module, filename) => {
    const compiled = ts.transpileModule(readFileSync(filename, 'utf8'), {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
    });
    (module as NodeJS.Module & { _compile(code: string, filename: string): void })._compile(compiled.outputText, filename);
  };
}
