// Shared input checks. Text fields are trimmed before they are stored, so "not empty"
// must mean "has a character that is not white space".
import type { FieldNode } from 'graphql';
import { Matches, validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

export const NotBlank = (options: { each?: boolean } = {}): PropertyDecorator => Matches(/\S/, { message: '$property must not be blank', ...options });

/** A calendar date as YYYY-MM-DD (the month and day ranges are checked; services check real days). */
export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const IsDay = (): PropertyDecorator => Matches(DAY, { message: '$property must be a date as YYYY-MM-DD' });

// ---------------------------------------------------------------- validating arguments once per field

const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

async function check(value: object): Promise<void> {
  try {
    await (Array.isArray(value) ? Promise.all(value.filter(isObject).map((v) => validateOrReject(v, OPTIONS))) : validateOrReject(value, OPTIONS));
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
}

// Per field node, per request's variables, per argument type: the outcome of the first check.
const outcomes = new WeakMap<FieldNode, WeakMap<object, Map<unknown, Promise<void>>>>();

/**
 * type-graphql's argument validation (class-validator, as its built-in `validate` option
 * would run it), decided once per field rather than once per value: a field's arguments
 * come from its node in the document and the request's variables only, so all the values
 * of a field in a list (OrgUnit.tasks under 2,000 units) have equal arguments, and one
 * check serves them all. No field takes two arguments of one input type (so the type
 * names the argument); the schema test pins that.
 */
export const validateArgumentsOnce: ValidatorFn = (value, type, { info }) => {
  if (!isObject(value)) return undefined;
  let byVariables = outcomes.get(info.fieldNodes[0]);
  if (!byVariables) outcomes.set(info.fieldNodes[0], (byVariables = new WeakMap()));
  let byType = byVariables.get(info.variableValues);
  if (!byType) byVariables.set(info.variableValues, (byType = new Map()));
  let outcome = byType.get(type);
  if (!outcome) byType.set(type, (outcome = check(value)));
  return outcome;
};
