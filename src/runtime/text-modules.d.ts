// wrangler.toml bundles .csv files as Text modules (a `[[rules]]` entry): importing one gives its text.
declare module '*.csv' {
  const text: string;
  export default text;
}
