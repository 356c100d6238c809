/**
 * Test helpers shared by the tests of the integration modules (metrics, tracing, the model
 * bridges). Test scope only; not published; may change without notice.
 */
package io.switchboard.testing;
