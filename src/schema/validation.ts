// Shared input checks. Text fields are trimmed before they are stored, so "not empty"
// must mean "has a character that is not white space".
import type { FieldNode } from 'graphql';
import { Matches, Max, Min, validateOrReject, type ValidationError, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';
import { badInput } from '../errors';

export const NotBlank = (options: { each?: boolean } = {}): PropertyDecorator => Matches(/\S/, { message: '$property must not be blank', ...options });

/** A calendar date as YYYY-MM-DD (the month and day ranges are checked; services check real days). */
export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const IsDay = (): PropertyDecorator => Matches(DAY, { message: '$property must be a date as YYYY-MM-DD' });

/** The years Zeren keeps records for: an input field or argument named `year` lies within them. */
export const YEARS = { min: 2000, max: 2100 } as const;

/** An input field that is a year (YEARS). */
export const IsYear = (): PropertyDecorator => (target, key) => {
  Min(YEARS.min)(target, key);
  Max(YEARS.max)(target, key);
};

// ---------------------------------------------------------------- validating arguments once per field

const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/**
 * Small input values class-validator passed, by type and value (as JSON): a dashboard sends
 * the same arguments request after request (a year, a page size), and one validation costs
 * about as much as reading a unit's page. Every check here depends on the value alone.
 * Bounded: cleared when full.
 */
const passed = new Map<unknown, Set<string>>();
let passedCount = 0;
const PASSED_MOST = 2_000;
const PASSED_LONGEST = 256;

async function check(type: unknown, value: object): Promise<void> {
  const key = JSON.stringify(value);
  if (passed.get(type)?.has(key)) return;
  try {
    await (Array.isArray(value) ? Promise.all(value.filter(isObject).map((v) => validateOrReject(v, OPTIONS))) : validateOrReject(value, OPTIONS));
  } catch (errors) {
    throw new ArgumentValidationError(errors as ValidationError[]);
  }
  if (key.length > PASSED_LONGEST) return;
  if (passedCount >= PASSED_MOST) {
    passed.clear();
    passedCount = 0;
  }
  let keys = passed.get(type);
  if (!keys) passed.set(type, (keys = new Set()));
  keys.add(key);
  passedCount += 1;
}

// ---------------------------------------------------------------- text and years, for every argument

// A lone UTF-16 surrogate (stored silently changed by the drivers) or a control character
// other than tab, line feed and carriage return: never meant, in any text field.
const BAD_TEXT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The first fault of the arguments' values (text at any depth, a scalar `year` out of range), or null. */
function faultOf(args: Record<string, unknown>): { field: string; message: string } | null {
  const walk = (value: unknown, path: string): { field: string; message: string } | null => {
    if (typeof value === 'string') return BAD_TEXT.test(value) ? { field: path, message: `${path} holds a control character or a broken (lone surrogate) character` } : null;
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) {
        const fault = walk(v, `${path}.${i}`);
        if (fault) return fault;
      }
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        const fault = walk(v, path ? `${path}.${k}` : k);
        if (fault) return fault;
      }
    }
    return null;
  };
  for (const [name, value] of Object.entries(args)) {
    if (name === 'year' && typeof value === 'number' && (value < YEARS.min || value > YEARS.max)) {
      return { field: name, message: `year must be between ${YEARS.min} and ${YEARS.max}` };
    }
  }
  return walk(args, '');
}

/** What is known of one field's arguments in one request: their fault, and class-validator's outcome per input type. */
interface Checked { readonly fault: { field: string; message: string } | null; readonly outcomes: Map<unknown, Promise<void>> }

// Per field node and request's variables (the arguments depend on nothing else).
const checkedOf = new WeakMap<FieldNode, WeakMap<object, Checked>>();

function checked(node: FieldNode, variables: object, args: Record<string, unknown>): Checked {
  let byVariables = checkedOf.get(node);
  if (!byVariables) checkedOf.set(node, (byVariables = new WeakMap()));
  let found = byVariables.get(variables);
  if (!found) byVariables.set(variables, (found = { fault: faultOf(args), outcomes: new Map() }));
  return found;
}

/**
 * type-graphql's argument validation (class-validator, as its built-in `validate` option
 * would run it, after the text and year checks above), decided once per field rather than once per value: a field's arguments
 * come from its node in the document and the request's variables only, so all the values
 * of a field in a list (OrgUnit.tasks under 2,000 units) have equal arguments, and one
 * check serves them all. No field takes two arguments of one input type (so the type
 * names the argument); the schema test pins that.
 */
export const validateArgumentsOnce: ValidatorFn = (value, type, { info, args }) => {
  const { fault, outcomes } = checked(info.fieldNodes[0], info.variableValues, args);
  if (fault) throw badInput(fault.message, fault.field);
  if (!isObject(value)) return undefined;
  let outcome = outcomes.get(type);
  if (!outcome) outcomes.set(type, (outcome = check(type, value)));
  return outcome;
};
