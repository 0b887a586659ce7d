// After the SQLite project: the temp folders of test processes that have ended.
import { removeEndedTestFiles } from './test-files';

export default async function globalTeardown(): Promise<void> {
  removeEndedTestFiles();
}
