/**
 * The words of the code-retrieval task: each concept word has the forms it takes in code
 * (identifiers, abbreviations) and the forms it takes in a natural-language query (synonyms).
 * Query forms of different words never collide, so a query names exactly one function.
 */

export interface Word {
  code: readonly string[];
  text: readonly string[];
}

export const VERBS: readonly Word[] = [
  { code: ["load", "read"], text: ["load", "read", "import"] },
  { code: ["save", "write", "dump"], text: ["save", "write", "store", "persist"] },
  { code: ["fetch", "get"], text: ["fetch", "retrieve", "obtain", "get"] },
  { code: ["delete", "remove", "drop"], text: ["delete", "remove", "erase", "drop"] },
  { code: ["update", "set", "patch"], text: ["update", "modify", "change"] },
  { code: ["count", "len"], text: ["count", "tally"] },
  { code: ["validate", "check", "verify"], text: ["validate", "check", "verify"] },
  { code: ["parse", "decode"], text: ["parse", "decode", "interpret"] },
  { code: ["sort", "order"], text: ["sort", "order", "arrange"] },
  { code: ["merge", "combine", "join"], text: ["merge", "combine", "join"] },
  { code: ["send", "emit", "post"], text: ["send", "transmit", "dispatch"] },
  { code: ["create", "new", "make", "build"], text: ["create", "build", "construct", "make"] },
];

export const OBJECTS: readonly Word[] = [
  { code: ["user", "usr"], text: ["user", "member"] },
  { code: ["file", "fh", "path"], text: ["file", "document"] },
  { code: ["config", "cfg", "conf"], text: ["configuration", "settings", "config"] },
  { code: ["message", "msg"], text: ["message", "note"] },
  { code: ["record", "rec", "row"], text: ["record", "entry"] },
  { code: ["image", "img"], text: ["image", "picture", "photo"] },
  { code: ["invoice", "inv"], text: ["invoice", "bill"] },
  { code: ["token", "tok"], text: ["token", "credential"] },
  { code: ["session", "sess"], text: ["session"] },
  { code: ["cache"], text: ["cache", "buffer"] },
  { code: ["packet", "pkt"], text: ["packet", "datagram"] },
  { code: ["event", "evt"], text: ["event", "occurrence"] },
  { code: ["product", "item"], text: ["product", "article"] },
  { code: ["address", "addr"], text: ["address", "location"] },
  { code: ["column", "col"], text: ["column", "field"] },
  { code: ["table", "tbl"], text: ["table"] },
  { code: ["graph"], text: ["graph", "network"] },
  { code: ["node"], text: ["node", "vertex"] },
  { code: ["edge"], text: ["edge", "link"] },
  { code: ["password", "pwd", "passwd"], text: ["password", "passphrase"] },
  { code: ["email", "mail"], text: ["email"] },
  { code: ["directory", "dir", "folder"], text: ["directory", "folder"] },
  { code: ["timestamp", "ts"], text: ["timestamp", "time"] },
  { code: ["score"], text: ["score", "rating"] },
  { code: ["vector", "vec"], text: ["vector", "array"] },
  { code: ["matrix", "mat"], text: ["matrix"] },
  { code: ["string", "str", "text"], text: ["string", "text"] },
  { code: ["request", "req"], text: ["request", "query"] },
  { code: ["response", "resp", "res"], text: ["response", "reply"] },
  { code: ["header", "hdr"], text: ["header"] },
  { code: ["customer", "cust", "client"], text: ["customer", "client"] },
];

export const QUALIFIERS: readonly Word[] = [
  { code: ["active", "enabled"], text: ["active", "enabled"] },
  { code: ["expired", "stale"], text: ["expired", "stale", "outdated"] },
  { code: ["pending", "queued"], text: ["pending", "waiting"] },
  { code: ["duplicate", "dup"], text: ["duplicate", "repeated"] },
  { code: ["empty", "blank"], text: ["empty", "blank"] },
  { code: ["remote"], text: ["remote", "distant"] },
  { code: ["local"], text: ["local"] },
  { code: ["temp", "tmp"], text: ["temporary"] },
  { code: ["selected", "sel"], text: ["selected", "chosen"] },
  { code: ["invalid", "bad"], text: ["invalid", "malformed"] },
  { code: ["latest", "last", "newest"], text: ["latest", "newest", "most recent"] },
  { code: ["default", "dflt"], text: ["default"] },
];

/** Query phrasings: {v} verb, {q} qualifier, {o} object (text forms). */
export const QUERY_TEMPLATES: readonly string[] = [
  "{v} the {q} {o} .",
  "{v} all {q} {o} entries .",
  "{v} a {q} {o} and return it .",
  "Helper to {v} the {q} {o} .",
  "{v} {q} {o} for the given input .",
  "This function will {v} every {q} {o} .",
  "{v} the list of {q} {o} objects .",
];

/** Code lines: {v} verb, {q} qualifier, {o} object (code forms); {x} a filler identifier. */
export const CODE_LINES: readonly string[] = [
  "arg_2 = [arg_3 for arg_3 in arg_0 if arg_3.is_{q}]",
  "arg_2 = {v}_{o}(arg_0, arg_1)",
  "if not arg_0.{q}_{o}:\n        return None",
  "arg_2 = self.{o}_store.{v}(arg_0)",
  "logger.debug('{v} {q} {o}: %s', arg_0)",
  "arg_2 = {x}(arg_0.{o})",
  "for arg_3 in arg_0.{q}:\n        arg_3.{v}()",
  "arg_2 = arg_1.{v}({o}=arg_0, {q}=True)",
];

export const FILLERS: readonly string[] = [
  "normalize",
  "wrap",
  "ensure",
  "to_list",
  "coerce",
  "prepare",
  "resolve",
  "flatten",
];
