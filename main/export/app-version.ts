/**
 * The application's name and version as written into every workbook (document creator, Cover):
 * the one definition in main/version.ts. app-version.test.ts keeps it in step with package.json.
 */
export { APP_NAME, APP_VERSION, APP_CREATOR as APP_LABEL } from '../version';
