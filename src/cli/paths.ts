import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the installed package (works from src/ under tsx and from dist/). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const webDistDir = resolve(packageRoot, 'web/dist');
