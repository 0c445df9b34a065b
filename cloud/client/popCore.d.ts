// Types for the one deep import of pop-core (its default header values; lib/helper.js has no .d.ts).
declare module '@alicloud/pop-core/lib/helper.js' {
  const helper: { readonly DEFAULT_UA: string; readonly DEFAULT_CLIENT: string };
  export default helper;
}
