/**
 * The bytes a typed array or a `DataView` views, as a `Uint8Array`: a `Uint8Array` (of any realm,
 * told by its tag; a `Buffer` is one) as is, any other view over the same memory. Reading a
 * `Uint16Array` or a `Float32Array` by index gives its elements, not its bytes, and a `DataView`
 * has no indexes at all.
 */
export function byteView(view: ArrayBufferView): Uint8Array {
  return (view as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === "Uint8Array"
    ? (view as Uint8Array)
    : // A view of a detached buffer has no bytes, and viewing it again would throw.
      view.byteLength
      ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
      : new Uint8Array(0);
}
