//! Work on every core (rayon's current pool), or on the calling thread when
//! asked to or when the `parallel` feature is off. Results keep the order
//! of the items.

/// `f` of each item, in order.
pub(crate) fn map<T: Sync, R: Send>(
    items: &[T],
    parallel: bool,
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    #[cfg(feature = "parallel")]
    if parallel {
        use rayon::prelude::*;
        return items.par_iter().map(f).collect();
    }
    let _ = parallel;
    items.iter().map(f).collect()
}

/// `f` of each item, taking the items.
pub(crate) fn map_owned<T: Send, R: Send>(
    items: Vec<T>,
    parallel: bool,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    #[cfg(feature = "parallel")]
    if parallel {
        use rayon::prelude::*;
        return items.into_par_iter().map(f).collect();
    }
    let _ = parallel;
    items.into_iter().map(f).collect()
}

/// The indices below `n` for which `keep` holds, in order.
pub(crate) fn filter(n: usize, parallel: bool, keep: impl Fn(usize) -> bool + Sync + Send) -> Vec<usize> {
    #[cfg(feature = "parallel")]
    if parallel {
        use rayon::prelude::*;
        return (0..n).into_par_iter().filter(|&i| keep(i)).collect();
    }
    let _ = parallel;
    (0..n).filter(|&i| keep(i)).collect()
}
