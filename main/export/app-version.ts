/**
 * The application's name and version as written into every workbook (document creator, Cover).
 * Kept as a constant rather than read from package.json at run time: a packaged app has no
 * package.json beside it. app-version.test.ts keeps the two in step.
 */
export const APP_NAME = 'SiteCRF';
export const APP_VERSION = '0.1.0';
/** Document properties carry this instead of any person's name (submission-workbook.md). */
export const APP_LABEL = `${APP_NAME} ${APP_VERSION}`;
