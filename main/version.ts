/**
 * The application's name and version, as documents and the CLI show them. A constant rather than
 * package.json read at run time: a packaged app has no package.json beside it.
 */
export const APP_NAME = 'SiteCRF';
export const APP_VERSION = '0.1.0';
export const APP_CREATOR = `${APP_NAME} ${APP_VERSION}`;
