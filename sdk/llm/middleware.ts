import { UserError } from "../errors.js";
import type { ChatModel, ChatRequest, ChatResponse, SpecificationVersion } from "./types.js";

/** The contract version `wrapModel` speaks, and sets on every model it returns. */
export const SPECIFICATION_VERSION: SpecificationVersion = "v1";

/** One call as a middleware sees it. */
export interface MiddlewareCall {
  request: ChatRequest;
  /** The layer this middleware wraps: the next middleware in the list, or the base model. */
  model: ChatModel;
  /** Calls the layer inside; pass a request to send that one instead. May be called again (retry). */
  doGenerate(request?: ChatRequest): Promise<ChatResponse>;
}

/**
 * A value that changes how a model is called (retry, cache, ledger, budget, concurrency,
 * transcript, or your own). It sees the request on the way in and the response or error on the
 * way out; it never needs to know what it wraps.
 */
export interface ChatMiddleware {
  /** A short name for messages and docs (e.g. "retry"). */
  readonly name: string;
  wrapGenerate(call: MiddlewareCall): Promise<ChatResponse>;
}

export interface WrapModelOptions {
  model: ChatModel;
  /** Applied outermost first: `[a, b]` calls a, which calls b, which calls the model. */
  middleware: ChatMiddleware | readonly ChatMiddleware[];
  /** The id of the wrapped model. Default: the model's. */
  id?: string;
}

/**
 * Composes middleware around a model in an explicit order: the first middleware is the
 * outermost, so it sees every call first and every response last (as the AI SDK's
 * `wrapLanguageModel`). The result is a plain `ChatModel` with `specificationVersion: "v1"`.
 */
export function wrapModel(options: WrapModelOptions): ChatModel {
  const { model } = options;
  const version = model.specificationVersion ?? SPECIFICATION_VERSION;
  if (version !== SPECIFICATION_VERSION) {
    throw new UserError(
      `model ${model.id} implements ChatModel specification ${String(version)}, and this version of hyperagents speaks ${SPECIFICATION_VERSION}: update hyperagents or the package that made the model`,
    );
  }
  const list = Array.isArray(options.middleware)
    ? (options.middleware as readonly ChatMiddleware[])
    : [options.middleware as ChatMiddleware];
  const id = options.id ?? model.id;
  if (list.length === 0)
    return { specificationVersion: SPECIFICATION_VERSION, id, generate: (r) => model.generate(r) };
  // Innermost first, so the list's first entry ends up outermost. No pass-through layer: each
  // middleware costs one closure per call.
  let wrapped: ChatModel = model;
  for (let i = list.length - 1; i >= 0; i--) {
    const middleware = list[i];
    if (middleware !== undefined) wrapped = wrapOne(wrapped, middleware, id);
  }
  return wrapped;
}

function wrapOne(inner: ChatModel, middleware: ChatMiddleware, id: string): ChatModel {
  return {
    specificationVersion: SPECIFICATION_VERSION,
    id,
    generate: (request) =>
      middleware.wrapGenerate({
        request,
        model: inner,
        doGenerate: (next = request) => inner.generate(next),
      }),
  };
}
