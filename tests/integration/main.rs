//! Integration tests: the `jinzhan` binary on the bundled report and on
//! reports written for these tests. One binary, grouped by topic.

mod harness;

mod bad_input;
mod cli;
mod columns;
mod compare;
mod corpus;
mod dashboard;
mod docx;
mod hardening;
mod list;
mod many;
mod mentions;
mod outputs;
mod pdf;
mod peers;
mod problems;
mod synthetic;
mod targets;
mod templates;
