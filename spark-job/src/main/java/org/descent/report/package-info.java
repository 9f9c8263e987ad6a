/**
 * Pictures and pages for people: {@link org.descent.report.Charts} turns series into PNG bytes with
 * XChart (headless), {@link org.descent.report.ReportPage} assembles a self-contained HTML page
 * with the images embedded as {@code data:} URIs, and {@link org.descent.report.TrainingReport} is
 * {@code report.html} of {@code descent train} (docs/report.md).
 */
package org.descent.report;
