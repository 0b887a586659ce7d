// Structured JSON logs. Authorization headers, tokens and passwords are redacted
// wherever they appear in a logged object.
import pino from 'pino';
import { config } from './config';

export const logger = pino({
  level: config.logLevel,
  base: { service: 'zeren' },
  redact: {
    paths: [
      'req.headers.authorization', 'req.headers.cookie', 'headers.authorization',
      '*.password', '*.token', 'password', 'token', 'variables.password', '*.variables.password',
    ],
    censor: '[redacted]',
  },
});
