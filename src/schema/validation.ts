// Shared input checks. Text fields are trimmed before they are stored, so "not empty"
// must mean "has a character that is not white space".
import { Matches } from 'class-validator';

export const NotBlank = (): PropertyDecorator => Matches(/\S/, { message: '$property must not be blank' });
