import Conf from 'conf';
import type { Handlers } from './dispatch';
import { createDispatcher, type Dispatch } from './dispatch';
import { openDatabase, type OpenedDatabase } from './db/connection';
import { EventBus } from './events';
import { jobsHandlers } from './jobs/handlers';
import { modelsHandlers } from './models/handlers';
import { datasetsHandlers } from './datasets/handlers';
import { activationsHandlers } from './activations/handlers';
import { ActivationsService } from './activations/service';
import { templatesHandlers } from './templates/handlers';
import { TemplatesService } from './templates/service';
import { trainingHandlers } from './training/handlers';
import { analysisHandlers } from './analysis/handlers';
import { AnalysisService } from './analysis/service';
import { featuresHandlers } from './features/handlers';
import { FeaturesService } from './features/service';
import { saesHandlers } from './saes/handlers';
import { saeImportHandlers } from './saes/import/handlers';
import { steeringHandlers } from './steering/handlers';
import { SteeringPresetsService } from './steering/presets';
import { SteeringService } from './steering/service';
import { SaesService } from './saes/service';
import { exportsHandlers } from './exports/handlers';
import { ExportsService } from './exports/service';
import { ourFolderImporter } from './exports/sae-folder-import';
import { TrainingService } from './training/service';
import { sweepsHandlers } from './sweeps/handlers';
import { SweepsService } from './sweeps/service';
import { DatasetsService } from './datasets/service';
import { ModelsService } from './models/service';
import path from 'node:path';
import { createPools, destroyPools, type Pools } from './jobs/pools';
import type { JobKind } from '../../shared/jobs/kinds';
import { jobKinds, type JobKindSpec } from './jobs/registry';
import { mergeMethodMaps } from '../../shared/contract/merge';
import { JobService } from './jobs/service';
import { appVersion, dataPaths, defaultPaths } from './paths';
import { settingsHandlers } from './settings/handlers';
import { SettingsService, defaultSettings } from './settings/service';
import { confBackend, fileSecretStore, type SecretStore, type SettingsBackend } from './settings/stores';
import { systemHandlers, type DoctorContext } from './system/handlers';
import { createLogger, type Logger } from './util/logger';
import { lockDataDir } from './data-dir-lock';
import { ensurePrivateDir, privateUmask } from './storage/private-files';
import { prepareDataDir, startSpaceKeeper } from './startup';

export interface CoreOptions {
  dataDir: string;
  mode: 'electron' | 'serve';
  /** Electron passes electron-store + safeStorage; serve mode gets file-backed defaults. */
  settingsBackend?: SettingsBackend;
  secretStore?: SecretStore;
  electronVersion?: string | null;
  /** Overrides for tests. */
  workerFile?: string;
  migrationsDir?: string;
  /** Test-only kinds the test worker runs (test/job-test-worker.ts); product kinds are src/shared/jobs/kinds.ts. */
  extraJobKinds?: Record<string, JobKindSpec<JobKind>>;
  /** The bundled demo model folder; null skips it (tests). Default resources/demo-model. */
  demoModelDir?: string | null;
  /** The bundled demo dataset folder; null skips it (tests). Default resources/demo-dataset. */
  demoDatasetDir?: string | null;
  /** The bundled demo SAE folder; null skips it (tests). Default resources/demo-sae. */
  demoSaeDir?: string | null;
  /** Hugging Face endpoint; default $HF_ENDPOINT or the real hub. */
  hubEndpoint?: string;
  echoLogs?: boolean;
}

/** The application core: a Node library with no Electron import, so Electron and serve mode run the same core (docs/architecture.md). */
export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  jobs: JobService;
  settings: SettingsService;
  models: ModelsService;
  datasets: DatasetsService;
  activations: ActivationsService;
  training: TrainingService;
  sweeps: SweepsService;
  templates: TemplatesService;
  saes: SaesService;
  features: FeaturesService;
  analysis: AnalysisService;
  steering: SteeringService;
  steeringPresets: SteeringPresetsService;
  exports: ExportsService;
  database: OpenedDatabase;
  dataDir: string;
  log: Logger;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const paths = dataPaths(options.dataDir);
  privateUmask();
  ensurePrivateDir(paths.root);
  // One process per data dir (docs/security.md): throws DataDirLockedError naming the holder.
  const lock = lockDataDir(paths.root, options.mode);
  let database: OpenedDatabase;
  let log: Logger;
  try {
    log = createLogger(paths.root, options.echoLogs ?? false);
    database = openDatabase(paths.root, options.migrationsDir ?? defaultPaths.migrations());
  } catch (err) {
    lock.release();
    throw err;
  }
  if (database.migrations.applied.length) {
    log.info(
      `applied migrations: ${database.migrations.applied.join(', ')}${database.migrations.backupPath ? ` (backup at ${database.migrations.backupPath})` : ''}`,
    );
  }
  const events = new EventBus();
  let pools: Pools | null = null;
  let space: ReturnType<typeof startSpaceKeeper> | null = null;
  try {
    await prepareDataDir(paths, database, log);
    space = startSpaceKeeper(database, log);
    pools = createPools(options.workerFile ?? defaultPaths.worker());
    const jobs = new JobService(database.db, events, pools, { ...jobKinds, ...options.extraJobKinds }, paths.root, log);
    jobs.reconcileAfterRestart();

    const backend =
      options.settingsBackend ??
      confBackend(
        new Conf<Record<string, unknown>>({
          cwd: paths.root,
          configName: 'settings',
          projectName: 'mistudio',
          defaults: defaultSettings(paths.root),
          configFileMode: 0o600,
        }),
      );
    const settings = new SettingsService(backend, options.secretStore ?? fileSecretStore(paths.root), paths.root, events, log);

    // Deleting or re-tokenizing what a training or extraction reads would break it mid-run. Both
    // are built after models and datasets (they read them), so the check asks them when it runs.
    const userOf = (what: 'model' | 'dataset', id: string): string | null => {
      const t = training.userOf(what, id);
      if (t) return `the training "${t}"`;
      const a = activations.store.list().find((s) => (what === 'model' ? s.modelId : s.datasetId) === id && s.status === 'extracting');
      return a ? `the extraction "${a.name}"` : null;
    };
    const models = new ModelsService(
      database.db,
      jobs,
      events,
      settings,
      paths.models,
      log,
      options.hubEndpoint ?? process.env.HF_ENDPOINT,
      (id) => userOf('model', id),
    );
    await models.reconcile(options.demoModelDir === undefined ? path.join(defaultPaths.resources(), 'demo-model') : options.demoModelDir);

    const hubEndpoint = options.hubEndpoint ?? process.env.HF_ENDPOINT;
    const datasets = new DatasetsService(
      database.db,
      database.sqlite,
      database.path,
      jobs,
      events,
      models,
      paths.datasets,
      log,
      {
        cacheDir: () => settings.settings.hfCacheDir,
        endpoint: hubEndpoint,
        token: () => settings.hfToken(),
      },
      (id) => userOf('dataset', id),
    );
    await datasets.reconcile(
      options.demoDatasetDir === undefined ? path.join(defaultPaths.resources(), 'demo-dataset') : options.demoDatasetDir,
    );

    const activations = new ActivationsService(database.db, jobs, events, models, datasets, paths.activations, database.path, log);
    await activations.reconcile();
    const training = new TrainingService(
      database.db,
      jobs,
      events,
      models,
      datasets,
      activations,
      settings,
      paths.saes,
      database.path,
      log,
    );
    training.reconcile();
    const saes = new SaesService(database.db, events, models, datasets, training, paths.saes, log);
    const sweeps = new SweepsService(database.db, jobs, events, training, saes, log);
    const features = new FeaturesService(database.db, database.sqlite, database.path, jobs, events, saes, models, datasets, log);
    await saes.reconcile(options.demoSaeDir === undefined ? path.join(defaultPaths.resources(), 'demo-sae') : options.demoSaeDir);
    await features.reconcile();
    const analysis = new AnalysisService(database.sqlite, database.path, jobs, events, saes, features, models, datasets);
    const keeper = space;
    datasets.afterLargeDelete = (what) => keeper.check(what);
    keeper.check('start-up');
    const templates = new TemplatesService(database.db, events);
    const steering = new SteeringService(jobs, events, saes, models, features);
    const steeringPresets = new SteeringPresetsService(database.db, events);
    const exportsService = new ExportsService({
      jobs,
      events,
      saes,
      training,
      models,
      datasets,
      features,
      exportsDir: paths.exports,
      dbPath: database.path,
      appVersion: appVersion(),
      log,
    });
    // The archive import ends in the SAE folder importer (docs/interop-export.md "Archives").
    const archiveImports = { saes, features, importFolder: ourFolderImporter(saes, models), saesDir: paths.saes, log };

    const ctx: DoctorContext = {
      dataDir: paths.root,
      mode: options.mode,
      appVersion: appVersion(),
      electronVersion: options.electronVersion ?? null,
      trainingEngineSetting: () => settings.settings.trainingEngine,
      database: {
        path: database.path,
        schemaVersion: database.migrations.schemaVersion,
        appliedMigrations: database.migrations.appliedCount,
        shippedMigrations: database.migrations.shippedCount,
      },
    };
    const handlers: Handlers = mergeMethodMaps(
      systemHandlers(ctx, jobs),
      jobsHandlers(jobs),
      settingsHandlers(settings),
      modelsHandlers(models),
      datasetsHandlers(datasets),
      activationsHandlers(activations, (setId) => training.userOfActivationSet(setId)),
      trainingHandlers(training),
      sweepsHandlers(sweeps),
      templatesHandlers(templates),
      saesHandlers(saes),
      saeImportHandlers({ saes, models, datasets, jobs, dataDir: paths.root, log }),
      featuresHandlers(features),
      analysisHandlers(analysis),
      steeringHandlers(steering, steeringPresets),
      exportsHandlers(exportsService, archiveImports),
    );
    const livePools = pools;
    return {
      dispatch: createDispatcher(handlers, log),
      events,
      jobs,
      settings,
      models,
      datasets,
      activations,
      training,
      sweeps,
      templates,
      saes,
      features,
      analysis,
      steering,
      steeringPresets,
      exports: exportsService,
      database,
      dataDir: paths.root,
      log,
      async close() {
        keeper.stop();
        await jobs.close();
        await models.settle();
        await destroyPools(livePools);
        database.sqlite.close();
        lock.release();
      },
    };
  } catch (err) {
    space?.stop();
    if (pools) await destroyPools(pools);
    database.sqlite.close();
    lock.release();
    throw err;
  }
}
