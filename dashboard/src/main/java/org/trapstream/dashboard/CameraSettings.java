package org.trapstream.dashboard;

import org.trapstream.common.config.ConfigException;
import org.trapstream.common.config.TrapstreamConfig;

/**
 * How many cameras the dashboard tracks, and the windows, in images, of a camera's recent distributions and of the
 * history they are compared to for drift.
 */
record CameraSettings(int maxCameras, int recentImages, int historyImages) {

    CameraSettings {
        if (historyImages <= recentImages) {
            throw new ConfigException(DashboardConfig.CAMERAS_DRIFT_HISTORY_IMAGES, historyImages,
                "must be larger than " + DashboardConfig.CAMERAS_DRIFT_RECENT_IMAGES + " (" + recentImages
                    + "): drift compares the recent images with a longer history");
        }
    }

    static CameraSettings from(TrapstreamConfig config) {
        return new CameraSettings(config.getInt(DashboardConfig.CAMERAS_MAX),
            config.getInt(DashboardConfig.CAMERAS_DRIFT_RECENT_IMAGES),
            config.getInt(DashboardConfig.CAMERAS_DRIFT_HISTORY_IMAGES));
    }
}
