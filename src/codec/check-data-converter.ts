import type { DataConverter } from '@temporalio/common';

/** Checks the `dataConverter` option's shape, adding a line to `problems` for each mistake. */
export function checkDataConverter(problems: string[], dataConverter: DataConverter | undefined): void {
  if (dataConverter === undefined) return;
  if (typeof dataConverter !== 'object' || dataConverter === null) {
    problems.push("dataConverter must be Temporal's DataConverter: { payloadCodecs?, payloadConverterPath?, failureConverterPath? }.");
    return;
  }
  const { payloadCodecs, payloadConverterPath, failureConverterPath } = dataConverter;
  if (
    payloadCodecs !== undefined &&
    (!Array.isArray(payloadCodecs) ||
      payloadCodecs.some((codec) => typeof codec?.encode !== 'function' || typeof codec?.decode !== 'function'))
  ) {
    problems.push(
      'dataConverter.payloadCodecs must be a list of PayloadCodecs (objects with encode and decode), e.g. [new AesGcmPayloadCodec({ keys })].',
    );
  }
  for (const [name, path] of Object.entries({ payloadConverterPath, failureConverterPath })) {
    if (path !== undefined && (typeof path !== 'string' || path === ''))
      problems.push(`dataConverter.${name} must be the path of a module (require.resolve('./my-converter')), got ${JSON.stringify(path)}.`);
  }
}
