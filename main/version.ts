/** The application's name and version, as documents and the CLI show them. */
export const APP_NAME = 'SiteCRF';
export const APP_VERSION = '0.1.0';
export const APP_CREATOR = `${APP_NAME} ${APP_VERSION}`;
