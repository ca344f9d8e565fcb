# scikit-learn doing the job of `readiness cluster --k K --format json`: read the CSV (header line, then numbers)
# with numpy, fit KMeans with k-means++ starts and 10 restarts, print k, inertia, assignments and centroids as JSON.
# Used by `./bench.sh cluster-compare`; arguments: <csv> <k>.
import json
import sys

import numpy as np
from sklearn.cluster import KMeans

rows = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, ndmin=2)
model = KMeans(n_clusters=int(sys.argv[2]), init="k-means++", n_init=10, random_state=42).fit(rows)
print(json.dumps({
    "k": int(model.n_clusters),
    "inertia": float(model.inertia_),
    "assignments": model.labels_.tolist(),
    "centroids": model.cluster_centers_.tolist(),
}))
