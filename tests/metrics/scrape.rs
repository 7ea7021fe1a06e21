//! Reading `/metrics` back: parse the exposition with a real Prometheus text parser
//! (`openmetrics-parser`, a grammar of the format) and look samples up by name and labels.

use std::collections::HashMap;

use openmetrics_parser::prometheus::parse_prometheus;
use openmetrics_parser::{MetricsExposition, PrometheusType, PrometheusValue};

use super::common::TestApp;

/// One sample: its family, labels and value (a histogram's observation count).
pub struct Sample {
    pub family: String,
    pub labels: HashMap<String, String>,
    pub value: f64,
}

/// One scrape of `/metrics`, parsed, with its raw text.
pub struct Metrics {
    pub samples: Vec<Sample>,
    pub text: String,
}

impl Metrics {
    /// `GET /metrics`: 200, Prometheus' text format, parsed.
    pub async fn scrape(app: &TestApp) -> Self {
        let response = app.get("/metrics").await;
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            content_type.starts_with("text/plain; version=0.0.4"),
            "{content_type}"
        );
        let text = response.text().await.unwrap();
        let parsed = parse_prometheus(&text)
            .unwrap_or_else(|e| panic!("the exposition does not parse: {e:?}\n{text}"));
        Self {
            samples: flatten(&parsed),
            text,
        }
    }

    /// The sum of the samples of `family` whose labels include `labels` (0 when none).
    pub fn value(&self, family: &str, labels: &[(&str, &str)]) -> f64 {
        self.samples
            .iter()
            .filter(|s| s.family == family)
            .filter(|s| {
                labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|s| s.value)
            .sum()
    }

    /// Every label value of every sample.
    pub fn label_values(&self) -> Vec<String> {
        self.samples
            .iter()
            .flat_map(|s| s.labels.values().cloned())
            .collect()
    }
}

fn flatten(parsed: &MetricsExposition<PrometheusType, PrometheusValue>) -> Vec<Sample> {
    let mut samples = Vec::new();
    for family in parsed.families.values() {
        for sample in family.iter_samples() {
            let labels = sample
                .get_labelset()
                .expect("labels match the family")
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let value = match &sample.value {
                PrometheusValue::Unknown(n) | PrometheusValue::Gauge(n) => n.as_f64(),
                PrometheusValue::Counter(c) => c.value.as_f64(),
                PrometheusValue::Histogram(h) => h.count.unwrap_or_default() as f64,
                PrometheusValue::Summary(_) => panic!("{} is a summary", family.family_name),
            };
            samples.push(Sample {
                family: family.family_name.clone(),
                labels,
                value,
            });
        }
    }
    samples
}
