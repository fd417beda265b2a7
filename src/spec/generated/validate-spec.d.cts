// The spec schema's validator, generated at build time (scripts/build-spec-validator.ts writes
// dist/src/spec/generated/validate-spec.cjs) so that no command compiles the schema when it starts.
// Only this declaration is committed: nothing generated can go stale in the repository.
import type { ErrorObject } from "ajv";

declare function validateSpec(data: unknown): boolean;
declare namespace validateSpec {
  let errors: ErrorObject[] | null | undefined;
}
export = validateSpec;
