package org.pmdi.viewer.compare;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.pmdi.analysis.diff.Slowest;
import org.pmdi.viewer.timeline.TimelineView;
import org.pmdi.viewer.timeline.Viewport;

/**
 * Two timelines, base above new, on one time axis while aligned: each counts from its own
 * trace's start, so aligned they show the same time since start; zooming or panning either
 * moves both. Showing a request on each side unaligns them (they are then at different
 * times and scales); aligning again puts new under base's range.
 *
 * <pre>{@code
 * AlignedTimelines t = new AlignedTimelines(baseView, newView);
 * t.show(slowestBase, slowestNew);     // each side on its own slow request
 * t.alignedProperty().set(true);       // back on one axis
 * }</pre>
 *
 * FX thread only.
 */
public final class AlignedTimelines {
    private final TimelineView base;
    private final TimelineView neu;
    private final BooleanProperty aligned = new SimpleBooleanProperty(true);
    private boolean copying;

    public AlignedTimelines(TimelineView base, TimelineView neu) {
        this.base = base;
        this.neu = neu;
        base.viewportProperty().addListener((o, a, v) -> follow(v, neu));
        neu.viewportProperty().addListener((o, a, v) -> follow(v, base));
        aligned.addListener((o, a, on) -> {
            if (on) {
                follow(base.viewportProperty().get(), neu);
            }
        });
    }

    public BooleanProperty alignedProperty() {
        return aligned;
    }

    public TimelineView base() {
        return base;
    }

    public TimelineView neu() {
        return neu;
    }

    private void follow(Viewport v, TimelineView other) {
        if (!aligned.get() || copying) {
            return;
        }
        Viewport o = other.viewportProperty().get();
        if (o.startNs() == v.startNs() && o.endNs() == v.endNs()) {
            return;
        }
        copying = true;
        try {
            other.viewportProperty().set(Viewport.of(v.startNs(), v.endNs(), o.widthPx()));
        } finally {
            copying = false;
        }
    }

    /**
     * Frames each side's request (either may be null) and selects it; unaligns when both are
     * given, so that each timeline sits on its own request, drawn whole at its own scale (the
     * rulers say which: a base request 100 times shorter would be a sliver at the other's).
     */
    public void show(Slowest onBase, Slowest onNew) {
        if (onBase != null && onNew != null) {
            aligned.set(false);
        }
        show(base, onBase);
        show(neu, onNew);
    }

    private static void show(TimelineView tv, Slowest s) {
        if (s != null) {
            tv.showRequest(s.req(), s.postNs(), s.postNs() + s.totalNs());
        }
    }
}
