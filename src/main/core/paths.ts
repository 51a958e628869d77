/** The app's folders; defined in src/node-shared/paths.ts so compute can find them too (main re-exports them here). */
export * from '../../node-shared/paths';
