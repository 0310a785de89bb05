/**
 * Test factories: `buildWorld()` writes the school a test describes (world.ts); the teaching
 * helpers add lessons, marks and period marks through the product's own transports (teaching.ts).
 */
export * from './world';
export * from './teaching';
