import { Validator } from "@cfworker/json-schema";
import { fhirSchema } from "./_definitions.js";

// The schema is draft-06, which @cfworker/json-schema does not name; draft 7 reads every
// keyword it uses (`definitions`, `$ref`, `oneOf`, `const`, `pattern`, `enum`) the same
// way. The top-level `oneOf` over all resources relies on an OpenAPI `discriminator` that
// JSON Schema ignores, so each resource is checked against its own definition.
const schema = fhirSchema();
const validators = new Map<string, Validator>();
/** The schema errors of `value` as a `resourceType` (empty when valid). */
export function validate(resourceType: string, value: unknown): string[] {
  let validator = validators.get(resourceType);
  if (validator === undefined) {
    validator = new Validator(
      { definitions: schema.definitions, $ref: `#/definitions/${resourceType}` },
      "7",
      false,
    );
    validators.set(resourceType, validator);
  }
  const result = validator.validate(value);
  return result.valid ? [] : result.errors.map((e) => `${e.instanceLocation}: ${e.error}`);
}
