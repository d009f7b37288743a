//! What every bench binary shares: the guard that keeps `cargo test --benches` quick, and one
//! way of timing and printing (min, median, max over a number of runs).

use std::time::Duration;

/// Whether the binary runs as a benchmark (`cargo bench` passes `--bench`). `cargo test
/// --benches` runs bench binaries without it: they then print how to run them and stop.
#[allow(dead_code)] // not every bench binary asks
pub fn benching(name: &str) -> bool {
    let on = std::env::args().any(|a| a == "--bench");
    if !on {
        println!("{name}: run with `cargo bench --bench {name}`");
    }
    on
}

/// Runs `f` `runs` times (it returns the time of the part it measures) and prints the min,
/// median and max in milliseconds.
#[allow(dead_code)] // big_project times whole processes instead
pub fn measure(name: &str, runs: usize, mut f: impl FnMut() -> Duration) {
    let mut times: Vec<Duration> = (0..runs.max(1)).map(|_| f()).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let n = times.len();
    println!(
        "{name:<52} min {:>10.3} ms   median {:>10.3} ms   max {:>10.3} ms   ({n} runs)",
        ms(times[0]),
        ms(times[n / 2]),
        ms(times[n - 1])
    );
}
