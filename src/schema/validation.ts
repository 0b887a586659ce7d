// Shared input checks. Text fields are trimmed before they are stored, so "not empty"
// must mean "has a character that is not white space".
import { Matches } from 'class-validator';

export const NotBlank = (): PropertyDecorator => Matches(/\S/, { message: '$property must not be blank' });

/** A calendar date as YYYY-MM-DD (the month and day ranges are checked; services check real days). */
export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const IsDay = (): PropertyDecorator => Matches(DAY, { message: '$property must be a date as YYYY-MM-DD' });
