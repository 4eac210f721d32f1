// esbuild bundles a stylesheet as its text (--loader:.css=text): the app's front end (site/app.js) adds it to the page.
declare module "*.css" {
  const text: string;
  export default text;
}
