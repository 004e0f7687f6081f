/** The adversarial corpus (secret forms, hostile characters, the sweeps): tools/adversarial. */
export * from '../../../../tools/adversarial/src/forms';
