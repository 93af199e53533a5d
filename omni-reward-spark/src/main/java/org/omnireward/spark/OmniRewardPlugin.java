package org.omnireward.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Gives each executor JVM the command line's JVM-wide settings as it starts ({@link ExecutorLauncher#start()}) and
 * closes this executor's models when it shuts down ({@code spark.plugins=org.omnireward.spark.OmniRewardPlugin};
 * the commands set it). Without it the models are closed by a JVM shutdown hook.
 */
public final class OmniRewardPlugin implements SparkPlugin {

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext ctx, Map<String, String> extraConf) {
                ExecutorLauncher.start(); // before any task opens a connection
            }

            @Override
            public void shutdown() {
                ExecutorModels.closeAll();
            }
        };
    }
}
