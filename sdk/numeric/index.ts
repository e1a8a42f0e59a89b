export {
  BACKEND_ENV,
  BACKEND_NAMES,
  type BackendName,
  backendFromEnv,
  describeBackend,
  isInstalled,
  type LoadedTensorFlow,
  type LoadTensorFlowOptions,
  loadTensorFlow,
  type TF,
  wasmDistDir,
} from "./load-tensorflow.js";
export { registerWasmShims } from "./wasm-shims.js";
