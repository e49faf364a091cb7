// Imported first by every page: makes the libraries work under the service's Content-Security-Policy,
// which allows no eval. Pixi.js generates shader-upload functions with `new Function` unless its
// unsafe-eval polyfill is loaded (zod is configured in core/zod.ts).
import 'pixi.js/unsafe-eval';
