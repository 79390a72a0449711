"""Tests of glossary.align: the statistical word aligner."""
