// Fedify 2.3 declares Node ≥ 22, where `navigator` is a global. On Node 20 it
// is not, and Fedify reads `navigator?.userAgent` (an undeclared name, so a
// ReferenceError, not undefined) when it imports an Ed25519 key: signing a
// delivery or serving an actor's keys would throw. This module defines it, as
// Node 21+ does, and every module that loads Fedify imports it first
// (docs/decisions/0038).

const runtime = globalThis as { navigator?: { userAgent: string } };
if (runtime.navigator === undefined) {
  Object.defineProperty(globalThis, 'navigator', {
    value: { userAgent: `Node.js/${process.versions.node}` },
    configurable: true,
    writable: true,
    enumerable: false,
  });
}

export {};
