/** An automatic action's key in the translations (`support.appealActions`): the rules' pause, retrain or flag. */
export function actionKey(action: string): "pause" | "retrain" | "flag" {
  return action === "retrain" || action === "flag" ? action : "pause";
}
