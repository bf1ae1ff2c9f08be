from utils.armistice import WITHDRAWAL_KM

dmz_width = 2 * WITHDRAWAL_KM  # 2 km on each side of the MDL (Art. I ¶1)
