// opencc-js ships its dictionaries as modules without typings: each is "trad simp|trad simp|…".
declare module "opencc-js/dict/TSCharacters" {
  const table: string;
  export default table;
}
